import { type IncomingMessage, type ServerResponse } from "node:http";
import { z } from "zod";
import { type Emulator } from "../context";
import { errorStatus, plaidErrorBody, PlaidApiError } from "../errors";
import { isRecord, newRequestId, readBody, sendJson } from "../http/io";
import { type RawRoute } from "../http/router";
import { parseRequest } from "../http/validate";
import { findInstitution, INSTITUTIONS } from "../institutions";
import { createItem, issuePublicToken, repairItem } from "../lifecycle";
import { checkCredentials, SANDBOX_PASSWORD } from "../sandbox-users";
import { allAccounts } from "../state/item-data";
import { type LinkTokenRecord } from "../state/schema";
import { type AccountRecord } from "../generate/accounts";

// The JSON endpoints the Link iframe calls (same origin as the iframe, so no CORS). They are not
// Plaid endpoints; errors still use Plaid's error object because Link hands them to onExit.

function validLinkToken(emu: Emulator, token: string): LinkTokenRecord {
  const record = emu.store.linkTokens.get(token);
  if (record === undefined) throw new PlaidApiError("INVALID_LINK_TOKEN");
  if (emu.clock.now() > record.expiresAt) throw new PlaidApiError("INVALID_LINK_TOKEN", "link token has expired");
  return record;
}

function linkAccount(account: AccountRecord): Record<string, unknown> {
  return { id: account.accountId, name: account.name, mask: account.mask, type: account.type, subtype: account.subtype, verification_status: null, class_type: null };
}

function successMetadata(sessionId: string, institutionId: string, accounts: AccountRecord[], publicToken: string): Record<string, unknown> {
  const institution = findInstitution(institutionId);
  return {
    institution: { name: institution?.name ?? "", institution_id: institutionId },
    accounts: accounts.map(linkAccount),
    account: accounts[0] === undefined ? null : linkAccount(accounts[0]),
    account_id: accounts[0]?.accountId ?? null,
    link_session_id: sessionId,
    public_token: publicToken,
    transfer_status: null,
  };
}

const SessionBody = z.object({ link_token: z.string() });
const LoginBody = z.object({ link_session_id: z.string(), institution_id: z.string(), username: z.string(), password: z.string() });
const FinishBody = z.object({ link_session_id: z.string(), account_ids: z.array(z.string()).min(1) });

function startSession(emu: Emulator, raw: unknown): Record<string, unknown> {
  const body = parseRequest(SessionBody, raw);
  const token = validLinkToken(emu, body.link_token);
  const session = emu.linkSessions.create(token.token);
  const updateItem = token.itemId === null ? undefined : emu.store.items.get(token.itemId);
  if (token.itemId !== null && (updateItem === undefined || updateItem.removed)) throw new PlaidApiError("ITEM_NOT_FOUND");
  const institutions = INSTITUTIONS.filter((institution) => institution.countryCodes.some((code) => token.countryCodes.includes(code)));
  const current = updateItem === undefined ? undefined : findInstitution(updateItem.institutionId);
  return {
    link_session_id: session.id,
    mode: updateItem === undefined ? "new" : "update",
    client_name: token.clientName,
    institutions: institutions.map((institution) => ({ institution_id: institution.institutionId, name: institution.name, primary_color: institution.primaryColor })),
    institution: current === undefined ? null : { institution_id: current.institutionId, name: current.name, primary_color: current.primaryColor },
  };
}

function login(emu: Emulator, raw: unknown): Record<string, unknown> {
  const body = parseRequest(LoginBody, raw);
  const session = emu.linkSessions.get(body.link_session_id);
  if (session === undefined) throw new PlaidApiError("INVALID_LINK_TOKEN", "link session not found");
  const token = validLinkToken(emu, session.linkToken);
  if (token.itemId !== null) {
    // Update mode: the same login must work again; the item keeps its token and data.
    const item = emu.store.items.get(token.itemId);
    if (item === undefined || item.removed) throw new PlaidApiError("ITEM_NOT_FOUND");
    if (body.username !== item.username || body.password !== SANDBOX_PASSWORD) throw new PlaidApiError("INVALID_CREDENTIALS");
    repairItem(emu, item);
    const publicToken = issuePublicToken(emu, item, true);
    return { done: true, public_token: publicToken, metadata: successMetadata(session.id, item.institutionId, emu.store.data(item).accounts, publicToken) };
  }
  const institution = findInstitution(body.institution_id);
  if (institution === undefined) throw new PlaidApiError("INVALID_INSTITUTION");
  if (checkCredentials(body.username, body.password) === undefined) throw new PlaidApiError("INVALID_CREDENTIALS");
  session.institutionId = institution.institutionId;
  session.username = body.username;
  session.ordinal ??= emu.store.nextOrdinal();
  session.accounts = allAccounts(emu.options.seed, session.ordinal, institution.institutionId);
  return { done: false, accounts: session.accounts.map(linkAccount) };
}

function finish(emu: Emulator, raw: unknown): Record<string, unknown> {
  const body = parseRequest(FinishBody, raw);
  const session = emu.linkSessions.get(body.link_session_id);
  if (session === undefined || session.ordinal === null || session.username === null || session.institutionId === null) {
    throw new PlaidApiError("INVALID_LINK_TOKEN", "link session has not logged in");
  }
  const token = validLinkToken(emu, session.linkToken);
  const chosen = session.accounts.filter((account) => body.account_ids.includes(account.accountId));
  if (chosen.length === 0) throw new PlaidApiError("INVALID_FIELD", "account_ids: choose at least one account");
  const item = createItem(emu, {
    institutionId: session.institutionId,
    username: session.username,
    webhook: token.webhook,
    products: token.products,
    selectedAccountIds: chosen.map((account) => account.accountId),
    ordinal: session.ordinal,
  });
  const publicToken = issuePublicToken(emu, item, false);
  return { public_token: publicToken, metadata: successMetadata(session.id, item.institutionId, chosen, publicToken) };
}

function jsonRoute(emu: Emulator, path: string, handle: (emu: Emulator, body: unknown) => Record<string, unknown>): RawRoute {
  return {
    method: "POST",
    path,
    async handle(req: IncomingMessage, res: ServerResponse) {
      const requestId = newRequestId();
      try {
        const text = await readBody(req);
        const body: unknown = text === "" ? {} : JSON.parse(text);
        if (!isRecord(body)) throw new PlaidApiError("INVALID_BODY");
        sendJson(res, 200, { ...handle(emu, body), request_id: requestId });
      } catch (error) {
        const code = error instanceof PlaidApiError ? error.code : error instanceof SyntaxError ? "INVALID_BODY" : "INTERNAL_SERVER_ERROR";
        const detail = error instanceof PlaidApiError ? error.detail : undefined;
        sendJson(res, errorStatus(code), plaidErrorBody(code, requestId, detail));
      }
    },
  };
}

export function linkApiRoutes(emu: Emulator): RawRoute[] {
  return [
    jsonRoute(emu, "/link/ui/api/session", startSession),
    jsonRoute(emu, "/link/ui/api/login", login),
    jsonRoute(emu, "/link/ui/api/finish", finish),
  ];
}
