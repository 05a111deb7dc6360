import { embeddedError, isKnownErrorCode } from "../errors";
import { type AccountRecord } from "../generate/accounts";
import { CITIES, findMerchant, primaryCategory } from "../generate/merchants";
import { type InstitutionInfo } from "../institutions";
import { consentedProducts } from "../products/consent";
import { institutionOf } from "../state/item-data";
import { type ItemRecord, type TxnRecord } from "../state/schema";

// Internal records → Plaid's response shapes (API version 2020-09-14).

export function renderAccount(account: AccountRecord, realtime = false): Record<string, unknown> {
  return {
    account_id: account.accountId,
    balances: {
      available: account.available,
      current: account.current,
      limit: account.limit,
      iso_currency_code: account.currency,
      unofficial_currency_code: null,
      ...(realtime ? { last_updated_datetime: new Date().toISOString() } : {}),
    },
    holder_category: "personal",
    mask: account.mask,
    name: account.name,
    official_name: account.officialName,
    subtype: account.subtype,
    type: account.type,
  };
}

const AVAILABLE_PRODUCTS = ["assets", "auth", "balance", "identity", "investments", "liabilities", "transactions"];

export function renderItem(item: ItemRecord): Record<string, unknown> {
  const institution = institutionOf(item);
  const billed = item.products;
  return {
    item_id: item.itemId,
    institution_id: institution.institutionId,
    institution_name: institution.name,
    webhook: item.webhook,
    auth_method: null,
    error: item.error !== null && isKnownErrorCode(item.error) ? embeddedError(item.error) : null,
    available_products: AVAILABLE_PRODUCTS.filter((product) => !billed.includes(product)),
    billed_products: billed,
    products: billed,
    consented_products: consentedProducts(item),
    consent_expiration_time: item.consentExpirationTime,
    update_type: "background",
    created_at: new Date(item.createdAt).toISOString(),
  };
}

export function renderItemStatus(item: ItemRecord): Record<string, unknown> {
  return {
    transactions: { last_successful_update: item.lastSuccessfulUpdate, last_failed_update: null },
    last_webhook: item.lastWebhook === null ? null : { sent_at: item.lastWebhook.sentAt, code_sent: item.lastWebhook.code },
  };
}

export function renderInstitution(institution: InstitutionInfo, withMetadata: boolean): Record<string, unknown> {
  return {
    institution_id: institution.institutionId,
    name: institution.name,
    products: institution.products,
    country_codes: institution.countryCodes,
    routing_numbers: institution.routingNumbers,
    dtc_numbers: [],
    oauth: institution.oauth,
    ...(withMetadata ? { url: institution.url, primary_color: institution.primaryColor, logo: null } : {}),
  };
}

/** A cheap stable hash of an id, to pick a store location without storing one per row. */
function idHash(id: string): number {
  let hash = 0;
  for (let i = 0; i < id.length; i++) hash = (hash * 31 + id.charCodeAt(i)) | 0;
  return Math.abs(hash);
}

const NULL_LOCATION = { address: null, city: null, region: null, postal_code: null, country: null, lat: null, lon: null, store_number: null };
const NULL_PAYMENT_META = { by_order_of: null, payee: null, payer: null, payment_method: null, payment_processor: null, ppd_id: null, reason: null, reference_number: null };

export function renderTransaction(txn: TxnRecord, includeOriginalDescription = false): Record<string, unknown> {
  const merchant = findMerchant(txn.merchantKey);
  const inStore = txn.channel === "in store" && merchant !== undefined;
  const hash = idHash(txn.id);
  const city = CITIES[hash % CITIES.length];
  const location = inStore && city !== undefined ? { ...city, country: "US", store_number: String(hash % 9000 + 100) } : NULL_LOCATION;
  const entityId = merchant === undefined ? null : `ent_${merchant.key.replaceAll("-", "")}`;
  const website = merchant?.website ?? null;
  return {
    account_id: txn.accountId,
    account_owner: null,
    amount: txn.amountCents / 100,
    iso_currency_code: txn.currency,
    unofficial_currency_code: null,
    category: null,
    category_id: null,
    check_number: null,
    counterparties: txn.merchantName === null ? [] : [{ name: txn.merchantName, type: "merchant", website, logo_url: null, entity_id: entityId, confidence_level: "VERY_HIGH" }],
    date: txn.date,
    datetime: null,
    authorized_date: txn.authorizedDate,
    authorized_datetime: null,
    location,
    name: txn.name,
    merchant_name: txn.merchantName,
    merchant_entity_id: entityId,
    logo_url: null,
    website,
    original_description: includeOriginalDescription ? txn.name.toUpperCase() : null,
    payment_meta: NULL_PAYMENT_META,
    payment_channel: txn.channel,
    pending: txn.pending,
    pending_transaction_id: txn.pendingTransactionId,
    personal_finance_category: { primary: primaryCategory(txn.category), detailed: txn.category, confidence_level: txn.merchantKey === null ? "MEDIUM" : "VERY_HIGH" },
    transaction_code: null,
    transaction_id: txn.id,
    transaction_type: txn.channel === "online" ? "digital" : txn.channel === "in store" ? "place" : "special",
  };
}
