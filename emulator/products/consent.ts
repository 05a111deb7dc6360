import { type Emulator } from "../context";
import { PlaidApiError } from "../errors";
import { findInstitution } from "../institutions";
import { type ItemRecord, type LinkTokenRecord } from "../state/schema";

// Which products an item may use, as Plaid decides it at Link: `products` and the supported
// `required_if_supported_products` are billed at once; `optional_products` and
// `additional_consented_products` are consented to and billed on first use. A product endpoint
// on an item without consent answers ADDITIONAL_CONSENT_REQUIRED; one the bank does not offer,
// PRODUCTS_NOT_SUPPORTED.

export interface ItemProducts {
  /** Billed at creation. */
  products: string[];
  /** Everything the user agreed to share (billed or not). */
  consented: string[];
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

export function productsFromLinkToken(token: LinkTokenRecord, institutionId: string): ItemProducts {
  const supported = findInstitution(institutionId)?.products ?? [];
  const products = unique([...token.products, ...token.requiredIfSupportedProducts.filter((product) => supported.includes(product))]);
  const optional = token.optionalProducts.filter((product) => supported.includes(product));
  return { products, consented: unique([...products, ...optional, ...token.additionalConsentedProducts]) };
}

export function consentedProducts(item: ItemRecord): string[] {
  return item.consentedProducts ?? item.products;
}

/** Throws Plaid's error unless `product` may be used on this item; bills it on first use. */
export function requireProduct(emu: Emulator, item: ItemRecord, product: string): void {
  if (!(findInstitution(item.institutionId)?.products ?? []).includes(product)) {
    throw new PlaidApiError("PRODUCTS_NOT_SUPPORTED", `the ${product} product is not supported by this item's institution`);
  }
  if (!consentedProducts(item).includes(product)) {
    throw new PlaidApiError("ADDITIONAL_CONSENT_REQUIRED", `client does not have user consent to access the PRODUCT_${product.toUpperCase()} product`);
  }
  requireGranted(item, product);
  if (!item.products.includes(product)) {
    item.products = [...item.products, product];
    emu.store.changed();
  }
}

/** ACCESS_NOT_GRANTED while the user withholds this product's permission at an OAuth bank. */
export function requireGranted(item: ItemRecord, product: string): void {
  if (item.withheldProducts.includes(product)) {
    throw new PlaidApiError("ACCESS_NOT_GRANTED", `the user did not grant the permissions the ${product} product needs at the institution`);
  }
}

/** Update mode can add consent (`additional_consented_products`); the item keeps what it had. */
export function addConsent(item: ItemRecord, products: readonly string[]): void {
  item.consentedProducts = unique([...consentedProducts(item), ...products]);
}
