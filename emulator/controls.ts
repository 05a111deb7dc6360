import { type IncomingMessage, type ServerResponse } from "node:http";
import { z } from "zod";
import { type Emulator } from "./context";
import { ERROR_CATALOGUE, isKnownErrorCode, PlaidApiError } from "./errors";
import { isoDate } from "./generate/dates";
import { findMerchant, RECURRING } from "./generate/merchants";
import { seededRng } from "./generate/random";
import { type Fault } from "./http/faults";
import { isRecord, readBody, sendJson } from "./http/io";
import { type RawRoute } from "./http/router";
import { advanceItem, changeItemData, completeHistory, markReady, revokeAccount, sendItemWebhook, setItemState, withholdProduct } from "./lifecycle";
import { consentedProducts } from "./products/consent";
import { changeableFields, itemLiabilities } from "./products/liabilities";
import { checkAllowedRedirectUri, validateRedirectUri } from "./link/redirect-uri";
import { issueLinkToken } from "./routes/link-token";
import { renderTransaction } from "./routes/render";
import { institutionOf } from "./state/item-data";
import { ChannelSchema, type ItemRecord, type TxnRecord } from "./state/schema";

// Test controls: emulator-only routes under /__emulator/, never Plaid's. JSON in, JSON out; POST
// changes something, GET lists. Errors are `{ error }` with 400/404 (not Plaid's error object,
// so nobody mistakes a control failure for a Plaid answer).

class ControlError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

type Handler = (emu: Emulator, body: Record<string, unknown>, params: Record<string, string>, url: URL) => Promise<unknown> | unknown;

function control(emu: Emulator, method: "GET" | "POST", path: string | RegExp, handler: Handler): RawRoute {
  return {
    method,
    path,
    async handle(req: IncomingMessage, res: ServerResponse, params, url) {
      try {
        let body: Record<string, unknown> = {};
        if (method === "POST") {
          const text = await readBody(req);
          const parsed: unknown = text.trim() === "" ? {} : JSON.parse(text);
          if (!isRecord(parsed)) throw new ControlError(400, "body must be a JSON object");
          body = parsed;
        }
        sendJson(res, 200, (await handler(emu, body, params, url)) ?? { ok: true });
      } catch (error) {
        if (error instanceof ControlError) return sendJson(res, error.status, { error: error.message });
        if (error instanceof z.ZodError) return sendJson(res, 400, { error: z.prettifyError(error) });
        if (error instanceof SyntaxError) return sendJson(res, 400, { error: "body is not valid JSON" });
        console.error("[plaid-emulator] control failed:", error);
        sendJson(res, 500, { error: error instanceof Error ? error.message : String(error) });
      }
    },
  };
}

function findItem(emu: Emulator, itemId: string | undefined): ItemRecord {
  const item = itemId === undefined ? undefined : emu.store.items.get(itemId);
  if (item === undefined) throw new ControlError(404, `no item ${itemId ?? ""}`);
  return item;
}

function itemState(item: ItemRecord): string {
  if (item.removed) return "removed";
  if (item.error !== null) return item.error;
  if (item.consentExpirationTime !== null) return "pending_expiration";
  return "healthy";
}

function describeItem(emu: Emulator, item: ItemRecord): Record<string, unknown> {
  const data = emu.store.data(item);
  return {
    item_id: item.itemId,
    institution_id: item.institutionId,
    institution_name: institutionOf(item).name,
    username: item.username,
    state: itemState(item),
    error: item.error,
    ready: item.ready,
    history_complete: item.historyComplete,
    exchanged: item.exchanged,
    products: item.products,
    consented_products: consentedProducts(item),
    webhook: item.webhook,
    consent_expiration_time: item.consentExpirationTime,
    pending_disconnect: item.pendingDisconnect,
    withheld_products: item.withheldProducts,
    accounts: data.accounts.map((account) => ({ account_id: account.accountId, name: account.name, mask: account.mask, type: account.type, subtype: account.subtype })),
    transaction_count: data.txns.size,
    change_log_length: data.log.length,
    // Emulator-only: Plaid never lists access tokens. Tests use this to act as the app would.
    access_token: item.accessToken,
  };
}

const Notify = { webhook: z.boolean().optional() };
const NewTxn = z.object({
  account_id: z.string().optional(),
  amount: z.number(),
  /** A recurring kind (rent, payroll, netflix …): name, merchant and category follow it, and the row joins its stream. */
  recurring: z.enum(Object.keys(RECURRING) as [keyof typeof RECURRING, ...(keyof typeof RECURRING)[]]).optional(),
  name: z.string().min(1).optional(),
  merchant_name: z.string().nullable().optional(),
  date: z.iso.date().optional(),
  authorized_date: z.iso.date().nullable().optional(),
  pending: z.boolean().optional(),
  iso_currency_code: z.string().optional(),
  category: z.string().optional(),
  payment_channel: ChannelSchema.optional(),
});
const ModifyTxn = z.object({
  transaction_id: z.string(),
  amount: z.number().optional(),
  name: z.string().min(1).optional(),
  merchant_name: z.string().nullable().optional(),
  date: z.iso.date().optional(),
  category: z.string().optional(),
  ...Notify,
});
const FaultBody = z.object({
  endpoint: z.string().startsWith("/"),
  kind: z.enum(["error", "http500", "delay", "drop"]),
  error_code: z.string().optional(),
  delay_ms: z.number().int().min(0).optional(),
  count: z.number().int().min(1).default(1),
});

function toFault(body: z.infer<typeof FaultBody>): Fault {
  switch (body.kind) {
    case "error": {
      const code = body.error_code ?? "";
      if (!isKnownErrorCode(code)) throw new ControlError(400, `error_code must be one of ${Object.keys(ERROR_CATALOGUE).join(", ")}`);
      return { kind: "error", errorCode: code };
    }
    case "delay":
      return { kind: "delay", delayMs: body.delay_ms ?? 1000 };
    case "http500":
      return { kind: "http500" };
    case "drop":
      return { kind: "drop" };
  }
}

export function controlRoutes(emu: Emulator): RawRoute[] {
  const item = (suffix: string): RegExp => new RegExp(`^/__emulator/items/(?<itemId>[^/]+)${suffix}$`);
  return [
    control(emu, "POST", "/__emulator/reset", (e) => {
      e.store.reset();
      e.webhooks.clear();
      e.faults.clear();
      e.rateLimiter.clear();
      e.linkSessions.clear();
      return { ok: true };
    }),

    control(emu, "GET", "/__emulator/items", (e) => ({ items: [...e.store.items.values()].map((it) => describeItem(e, it)) })),
    control(emu, "GET", item(""), (e, _b, p) => describeItem(e, findItem(e, p.itemId))),
    control(emu, "GET", item("/transactions"), (e, _b, p) => {
      const data = e.store.data(findItem(e, p.itemId));
      return { transactions: [...data.txns.values()].map((txn) => renderTransaction(txn)) };
    }),

    control(emu, "POST", item("/ready"), (e, _b, p) => {
      const it = findItem(e, p.itemId);
      markReady(e, it);
      return describeItem(e, it);
    }),
    control(emu, "POST", item("/history"), (e, _b, p) => {
      // The historical update now (ready first if needed), instead of after historyDelayMs.
      const it = findItem(e, p.itemId);
      markReady(e, it);
      completeHistory(e, it);
      return describeItem(e, it);
    }),
    control(emu, "POST", item("/liabilities"), (e, b, p) => {
      const body = z.object({ account_id: z.string(), changes: z.record(z.string(), z.unknown()), ...Notify }).parse(b);
      const it = findItem(e, p.itemId);
      const data = e.store.data(it);
      const today = isoDate(e.clock.now());
      const fields = changeableFields(it, data, body.account_id, today);
      if (fields === null) throw new ControlError(404, `no liability account ${body.account_id} on item ${it.itemId}`);
      const unknown = Object.keys(body.changes).filter((field) => !fields.includes(field));
      if (unknown.length > 0) throw new ControlError(400, `unknown liability fields ${unknown.join(", ")}; changeable: ${fields.join(", ")}`);
      it.liabilityChanges[body.account_id] = { ...it.liabilityChanges[body.account_id], ...body.changes };
      e.store.changed();
      const delivery =
        body.webhook === false
          ? null
          : sendItemWebhook(e, it, "LIABILITIES", "DEFAULT_UPDATE", { account_ids_with_new_liabilities: [], account_ids_with_updated_liabilities: { [body.account_id]: Object.keys(body.changes) } });
      return { liabilities: itemLiabilities(it, data, today, [body.account_id]), delivery_id: delivery };
    }),
    control(emu, "POST", item("/advance"), (e, b, p) => {
      const body = z.object({ steps: z.number().int().min(1).max(100).default(1), ...Notify }).parse(b);
      const it = findItem(e, p.itemId);
      const totals = { added: 0, modified: 0, removed: 0 };
      for (let i = 0; i < body.steps; i++) {
        const changes = advanceItem(e, it, body.webhook ?? true);
        totals.added += changes.added.length;
        totals.modified += changes.modified.length;
        totals.removed += changes.removed.length;
      }
      return totals;
    }),
    control(emu, "POST", item("/transactions/add"), (e, b, p) => {
      const body = z.object({ transactions: z.array(NewTxn).min(1), ...Notify }).parse(b);
      const it = findItem(e, p.itemId);
      const data = e.store.data(it);
      const rng = seededRng(it.seed, it.ordinal, "control-add", it.ops.length);
      const today = isoDate(e.clock.now());
      const txns: TxnRecord[] = body.transactions.map((row) => {
        const account = data.accounts.find((candidate) => candidate.accountId === row.account_id) ?? (row.account_id === undefined ? data.accounts[0] : undefined);
        if (account === undefined) throw new ControlError(400, `no account ${row.account_id ?? ""} on item ${it.itemId}`);
        const date = row.date ?? today;
        const recurring = row.recurring === undefined ? undefined : RECURRING[row.recurring];
        const name = row.name ?? recurring?.descriptor;
        if (name === undefined) throw new ControlError(400, "each transaction needs a name (or a recurring kind)");
        return {
          id: rng.id(),
          accountId: account.accountId,
          amountCents: Math.round(row.amount * 100),
          currency: row.iso_currency_code ?? account.currency,
          date,
          authorizedDate: row.authorized_date === undefined ? date : row.authorized_date,
          name,
          merchantName: row.merchant_name ?? recurring?.name ?? null,
          merchantKey: null,
          category: row.category ?? recurring?.category ?? "GENERAL_MERCHANDISE_OTHER_GENERAL_MERCHANDISE",
          channel: row.payment_channel ?? "other",
          pending: row.pending ?? false,
          pendingTransactionId: null,
          ...(row.recurring === undefined ? {} : { stream: row.recurring }),
        };
      });
      changeItemData(e, it, { type: "add", txns }, body.webhook ?? true);
      return { transaction_ids: txns.map((txn) => txn.id) };
    }),
    control(emu, "POST", item("/transactions/modify"), (e, b, p) => {
      const body = ModifyTxn.parse(b);
      const it = findItem(e, p.itemId);
      const current = e.store.data(it).txns.get(body.transaction_id);
      if (current === undefined) throw new ControlError(404, `no transaction ${body.transaction_id}`);
      const txn: TxnRecord = {
        ...current,
        amountCents: body.amount === undefined ? current.amountCents : Math.round(body.amount * 100),
        name: body.name ?? current.name,
        merchantName: body.merchant_name === undefined ? current.merchantName : body.merchant_name,
        merchantKey: body.merchant_name === undefined ? current.merchantKey : findMerchant(current.merchantKey)?.name === body.merchant_name ? current.merchantKey : null,
        date: body.date ?? current.date,
        category: body.category ?? current.category,
      };
      changeItemData(e, it, { type: "modify", txn }, body.webhook ?? true);
      return { transaction_id: txn.id };
    }),
    control(emu, "POST", item("/transactions/remove"), (e, b, p) => {
      const body = z.object({ transaction_ids: z.array(z.string()).min(1), ...Notify }).parse(b);
      const changes = changeItemData(e, findItem(e, p.itemId), { type: "remove", ids: body.transaction_ids }, body.webhook ?? true);
      return { removed: changes.applied };
    }),
    control(emu, "POST", item("/state"), (e, b, p) => {
      const body = z
        .object({
          state: z.enum(["healthy", "login_required", "pending_expiration", "pending_disconnect", "revoked"]),
          consent_expiration_time: z.iso.datetime().optional(),
          /** pending_disconnect: Plaid's reason and disconnect_time (default: token expiration, in 7 days). */
          reason: z.enum(["INSTITUTION_MIGRATION", "INSTITUTION_TOKEN_EXPIRATION"]).optional(),
          disconnect_time: z.iso.datetime().optional(),
          ...Notify,
        })
        .parse(b);
      const it = findItem(e, p.itemId);
      setItemState(e, it, body.state, {
        consentExpirationTime: body.consent_expiration_time,
        notify: body.webhook ?? true,
        reason: body.reason,
        disconnectTime: body.disconnect_time,
      });
      return describeItem(e, it);
    }),
    control(emu, "POST", item("/revoke-account"), (e, b, p) => {
      // The user revoked one account at the bank (ITEM/USER_ACCOUNT_REVOKED with its account_id).
      const body = z.object({ account_id: z.string().optional(), ...Notify }).parse(b);
      const it = findItem(e, p.itemId);
      const accounts = e.store.data(it).accounts;
      const account = body.account_id === undefined ? accounts[0] : accounts.find((candidate) => candidate.accountId === body.account_id);
      if (account === undefined) throw new ControlError(404, `no account ${body.account_id ?? ""} on item ${it.itemId}`);
      revokeAccount(e, it, account.accountId, body.webhook ?? true);
      return describeItem(e, it);
    }),
    control(emu, "POST", item("/withhold"), (e, b, p) => {
      // The user withheld a product's permission at an OAuth bank: its endpoint answers
      // ACCESS_NOT_GRANTED until update mode grants it (no webhook: Plaid sends none).
      const body = z.object({ product: z.enum(["transactions", "liabilities"]) }).parse(b);
      const it = findItem(e, p.itemId);
      withholdProduct(e, it, body.product);
      return describeItem(e, it);
    }),
    control(emu, "POST", item("/webhook"), (e, b, p) => {
      const { webhook_type: type, webhook_code: code, ...extra } = z.object({ webhook_type: z.string(), webhook_code: z.string() }).loose().parse(b);
      const it = findItem(e, p.itemId);
      const id = sendItemWebhook(e, it, type, code, extra);
      if (id === null) throw new ControlError(400, `item ${it.itemId} has no webhook URL`);
      return { delivery_id: id };
    }),

    control(emu, "POST", "/__emulator/faults", (e, b) => {
      const body = FaultBody.parse(b);
      return e.faults.add(body.endpoint, toFault(body), body.count);
    }),
    control(emu, "GET", "/__emulator/faults", (e) => ({ faults: e.faults.list() })),
    control(emu, "POST", "/__emulator/faults/clear", (e) => {
      e.faults.clear();
    }),

    control(emu, "GET", "/__emulator/webhooks/deliveries", (e, _b, _p, url) => {
      const itemId = url.searchParams.get("item_id");
      return { deliveries: e.webhooks.list().filter((delivery) => itemId === null || delivery.item_id === itemId) };
    }),
    control(emu, "POST", "/__emulator/webhooks/duplicate-next", (e, b) => {
      const body = z.object({ count: z.number().int().min(1).default(1) }).parse(b);
      e.webhooks.duplicateNext(body.count);
    }),
    control(emu, "POST", "/__emulator/webhooks/hold", (e) => {
      e.webhooks.hold();
    }),
    control(emu, "POST", "/__emulator/webhooks/release", async (e, b) => {
      const body = z.object({ order: z.enum(["fifo", "reverse"]).default("fifo") }).parse(b);
      return { released: await e.webhooks.release(body.order) };
    }),
    control(emu, "POST", "/__emulator/webhooks/rotate-key", async (e) => {
      const { kid, expiredKid } = await e.signer.rotate();
      return { kid, expired_kid: expiredKid };
    }),
    control(emu, "GET", "/__emulator/webhooks/keys", async (e) => {
      await e.signer.ensureKey();
      return { keys: e.signer.listKeys() };
    }),

    control(emu, "POST", "/__emulator/clock/advance", (e, b) => {
      const body = z.object({ ms: z.number().int().min(0) }).parse(b);
      e.clock.advance(body.ms);
      return { offset_ms: e.clock.offsetMs(), now: new Date(e.clock.now()).toISOString() };
    }),
    control(emu, "POST", "/__emulator/rate-limit", (e, b) => {
      const body = z.object({ per_minute: z.number().int().min(0) }).parse(b);
      e.rateLimiter.perMinute = body.per_minute;
      e.rateLimiter.clear();
      return { per_minute: body.per_minute };
    }),
    control(emu, "POST", "/__emulator/link-token", (e, b) => {
      // A link token without API credentials, for the demo page and browser tests.
      const body = z
        .object({
          access_token: z.string().optional(),
          webhook: z.url().optional(),
          country_codes: z.array(z.string()).default(["US"]),
          products: z.array(z.string()).default(["transactions"]),
          optional_products: z.array(z.string()).default([]),
          additional_consented_products: z.array(z.string()).default([]),
          redirect_uri: z.string().optional(),
        })
        .parse(b);
      let itemId: string | null = null;
      if (body.access_token !== undefined) {
        const target = e.store.itemsByAccessToken.get(body.access_token);
        if (target === undefined || target.removed) throw new ControlError(404, "no live item with that access_token");
        itemId = target.itemId;
      }
      if (body.redirect_uri !== undefined) {
        try {
          // The demo page may always come back to itself; anything else must be on the allowed list.
          validateRedirectUri(e, body.redirect_uri, (url) => url.pathname === "/__emulator/link-demo");
        } catch (error) {
          throw new ControlError(400, error instanceof PlaidApiError ? (error.detail ?? error.message) : String(error));
        }
      }
      const { token } = issueLinkToken(e, {
        webhook: body.webhook ?? null,
        itemId,
        countryCodes: body.country_codes,
        products: itemId === null ? body.products : [],
        optionalProducts: body.optional_products,
        requiredIfSupportedProducts: [],
        additionalConsentedProducts: body.additional_consented_products,
        redirectUri: body.redirect_uri ?? null,
        clientName: "Link demo",
      });
      return { link_token: token };
    }),
    control(emu, "GET", "/__emulator/timing", (e) => ({ ready_delay_ms: e.options.readyDelayMs, history_delay_ms: e.options.historyDelayMs })),
    control(emu, "POST", "/__emulator/timing", (e, b) => {
      // For items exchanged from now on (before time scaling): a long delay holds an item in a phase
      // until the ready / history controls move it on, so a browser test can watch each phase.
      const body = z.object({ ready_delay_ms: z.number().int().min(0).optional(), history_delay_ms: z.number().int().min(0).optional() }).parse(b);
      if (body.ready_delay_ms !== undefined) e.options.readyDelayMs = body.ready_delay_ms;
      if (body.history_delay_ms !== undefined) e.options.historyDelayMs = body.history_delay_ms;
      return { ready_delay_ms: e.options.readyDelayMs, history_delay_ms: e.options.historyDelayMs };
    }),
    control(emu, "GET", "/__emulator/allowed-redirect-uris", (e) => ({ allowed_redirect_uris: e.options.allowedRedirectUris })),
    control(emu, "POST", "/__emulator/allowed-redirect-uris", (e, b) => {
      // Like editing the list in Plaid's dashboard: replaces it (e2e knows the app's port only at run time).
      const body = z.object({ allowed_redirect_uris: z.array(z.string()) }).parse(b);
      try {
        e.options.allowedRedirectUris = body.allowed_redirect_uris.map(checkAllowedRedirectUri);
      } catch (error) {
        throw new ControlError(400, error instanceof Error ? error.message : String(error));
      }
      return { allowed_redirect_uris: e.options.allowedRedirectUris };
    }),
  ];
}
