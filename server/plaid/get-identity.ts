import type { AccountIdentity } from "plaid";
import type { Database } from "@/db/client";
import { callPlaid } from "./call-plaid";
import { decryptItemToken } from "./decrypt-item-token";
import { PlaidRequestError } from "./errors";
import type { ConnectedUserItem } from "./find-user-item";
import { recordItemFailure } from "./record-item-failure";
import type { PlaidDeps } from "./services";

export interface IdentityOwner {
  names: string[];
  emails: string[];
  phoneNumbers: string[];
  /** One line each, e.g. "2992 Cameron Road, Malakoff, NY 14236, US". */
  addresses: string[];
}

export interface AccountHolder {
  plaidAccountId: string;
  name: string;
  mask: string | null;
  owners: IdentityOwner[];
}

function toAccountHolder(account: AccountIdentity): AccountHolder {
  return {
    plaidAccountId: account.account_id,
    name: account.name,
    mask: account.mask ?? null,
    owners: account.owners.map((owner) => ({
      names: owner.names,
      emails: owner.emails.map((email) => email.data),
      phoneNumbers: owner.phone_numbers.map((phone) => phone.data),
      addresses: owner.addresses.map(({ data }) =>
        [data.street, data.city, [data.region, data.postal_code].filter(Boolean).join(" "), data.country].filter(Boolean).join(", "),
      ),
    })),
  };
}

/** Account holders as the bank knows them (`/identity/get`); read on demand, never stored. */
export async function getIdentity(deps: PlaidDeps, db: Database, item: ConnectedUserItem): Promise<AccountHolder[]> {
  const accessToken = await decryptItemToken(deps, db, item);
  try {
    const data = await callPlaid("/identity/get", () => deps.client.identityGet({ access_token: accessToken }));
    return data.accounts.map(toAccountHolder);
  } catch (error) {
    if (error instanceof PlaidRequestError) await recordItemFailure(db, item.id, error.failure);
    throw error;
  }
}
