import { type IncomingMessage, type ServerResponse } from "node:http";
import { z } from "zod";
import { type Emulator } from "../context";
import { errorStatus, plaidErrorBody, PlaidApiError } from "../errors";
import { type AccountRecord } from "../generate/accounts";
import { isRecord, newRequestId, readBody, sendJson } from "../http/io";
import { type RawRoute } from "../http/router";
import { parseRequest } from "../http/validate";
import { findInstitution, INSTITUTIONS, type InstitutionInfo } from "../institutions";
import { createItem, issuePublicToken, repairItem } from "../lifecycle";
import { addConsent, productsFromLinkToken } from "../products/consent";
import { checkCredentials, mfaForPassword, SANDBOX_PASSWORD } from "../sandbox-users";
import { allAccounts } from "../state/item-data";
import { type LinkTokenRecord } from "../state/schema";
import { answerMfa, mfaChallenge } from "./mfa";
import { type LinkSession, type OAuthState } from "./sessions";

// The JSON endpoints the Link iframe calls (same origin as the iframe, so no CORS). They are not
// Plaid endpoints; errors still use Plaid's error object because Link hands them to onExit.
//
// After the user proves who they are (credentials, then any MFA rounds, or an OAuth consent),
// every path continues the same way (`afterAuthentication`): update mode repairs the item and
// is done; a new item shows its accounts and `finish` creates it. A step answers
// `{ done: true, public_token, metadata }`, `{ done: false, accounts }` or `{ done: false, mfa }`.

/** The Plaid username OAuth items get their data from (the bank's consent page has no login). */
const OAUTH_USERNAME = "user_good";

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

function institutionSummary(institution: InstitutionInfo): Record<string, unknown> {
  return { institution_id: institution.institutionId, name: institution.name, primary_color: institution.primaryColor, oauth: institution.oauth };
}

function sessionFor(emu: Emulator, id: string): { session: LinkSession; token: LinkTokenRecord } {
  const session = emu.linkSessions.get(id);
  if (session === undefined) throw new PlaidApiError("INVALID_LINK_TOKEN", "link session not found");
  return { session, token: validLinkToken(emu, session.linkToken) };
}

function updateItemOf(emu: Emulator, token: LinkTokenRecord) {
  if (token.itemId === null) return undefined;
  const item = emu.store.items.get(token.itemId);
  if (item === undefined || item.removed) throw new PlaidApiError("ITEM_NOT_FOUND");
  return item;
}

/** What the UI needs to draw the session: mode, client, banks it may offer, and whether OAuth leaves the page. */
function describeSession(emu: Emulator, session: LinkSession, token: LinkTokenRecord): Record<string, unknown> {
  const updateItem = updateItemOf(emu, token);
  // Like Plaid, Link offers only banks that support every product in `products`.
  const institutions = INSTITUTIONS.filter(
    (institution) => institution.countryCodes.some((code) => token.countryCodes.includes(code)) && token.products.every((product) => institution.products.includes(product)),
  );
  const current = updateItem === undefined ? undefined : findInstitution(updateItem.institutionId);
  return {
    link_session_id: session.id,
    mode: updateItem === undefined ? "new" : "update",
    client_name: token.clientName,
    institutions: institutions.map(institutionSummary),
    institution: current === undefined ? null : institutionSummary(current),
    oauth_redirect: token.redirectUri !== null,
  };
}

/** The user is who they say: finish update mode, or show the new item's accounts. */
function afterAuthentication(emu: Emulator, session: LinkSession, token: LinkTokenRecord): Record<string, unknown> {
  const updateItem = updateItemOf(emu, token);
  if (updateItem !== undefined) {
    // Update mode: the same login works again; the item keeps its token and data, and may gain consent.
    repairItem(emu, updateItem);
    addConsent(updateItem, token.additionalConsentedProducts);
    emu.store.changed();
    const publicToken = issuePublicToken(emu, updateItem, true);
    return { done: true, public_token: publicToken, metadata: successMetadata(session.id, updateItem.institutionId, emu.store.data(updateItem).accounts, publicToken) };
  }
  if (session.institutionId === null) throw new PlaidApiError("INVALID_LINK_TOKEN", "link session has no institution");
  session.ordinal ??= emu.store.nextOrdinal();
  const mortgage = productsFromLinkToken(token, session.institutionId).consented.includes("liabilities");
  session.accounts = allAccounts(emu.options.seed, session.ordinal, session.institutionId, { mortgage });
  return { done: false, accounts: session.accounts.map(linkAccount) };
}

const SessionBody = z.object({ link_token: z.string() });
const LoginBody = z.object({ link_session_id: z.string(), institution_id: z.string(), username: z.string(), password: z.string() });
const MfaBody = z.object({ link_session_id: z.string(), device: z.string().optional(), answers: z.array(z.string()).optional() });
const FinishBody = z.object({ link_session_id: z.string(), account_ids: z.array(z.string()).min(1) });
const OAuthStartBody = z.object({ link_session_id: z.string(), institution_id: z.string(), oauth_mode: z.enum(["popup", "redirect", "inline"]).optional() });
const OAuthDecideBody = z.object({ link_session_id: z.string(), oauth_state_id: z.string(), decision: z.enum(["approve", "deny"]) });
const OAuthCompleteBody = z.object({ link_session_id: z.string(), oauth_state_id: z.string() });

// State ids are UUIDs; anything else is a malformed field (INVALID_FIELD), not an unknown state.
const STATE_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Plaid's answers for an oauth_state_id: missing or malformed → INVALID_FIELD; unknown → OAUTH_STATE_ID_NOT_FOUND (404). */
function oauthStateFor(emu: Emulator, id: string | null): OAuthState {
  if (id === null || id === "") throw new PlaidApiError("INVALID_FIELD", "oauth_state_id must be provided");
  if (!STATE_ID.test(id)) throw new PlaidApiError("INVALID_FIELD", "oauth_state_id must be a properly formatted, non-empty string");
  const state = emu.linkSessions.oauthState(id);
  if (state === undefined) throw new PlaidApiError("OAUTH_STATE_ID_NOT_FOUND");
  return state;
}
const OAuthResumeBody = z.object({ link_token: z.string(), received_redirect_uri: z.string() });

function startSession(emu: Emulator, raw: unknown): Record<string, unknown> {
  const body = parseRequest(SessionBody, raw);
  const token = validLinkToken(emu, body.link_token);
  updateItemOf(emu, token);
  return describeSession(emu, emu.linkSessions.create(token.token), token);
}

function login(emu: Emulator, raw: unknown): Record<string, unknown> {
  const body = parseRequest(LoginBody, raw);
  const { session, token } = sessionFor(emu, body.link_session_id);
  const updateItem = updateItemOf(emu, token);
  if (updateItem !== undefined) {
    if (body.username !== updateItem.username || (body.password !== SANDBOX_PASSWORD && mfaForPassword(body.username, body.password) === undefined)) {
      throw new PlaidApiError("INVALID_CREDENTIALS");
    }
  } else {
    const institution = findInstitution(body.institution_id);
    if (institution === undefined) throw new PlaidApiError("INVALID_INSTITUTION");
    if (checkCredentials(body.username, body.password) === undefined) throw new PlaidApiError("INVALID_CREDENTIALS");
    session.institutionId = institution.institutionId;
  }
  session.username = body.username;
  const spec = mfaForPassword(body.username, body.password);
  if (spec !== undefined) {
    session.mfa = { spec, round: 1 };
    return { done: false, mfa: mfaChallenge(session.mfa) };
  }
  return afterAuthentication(emu, session, token);
}

function mfa(emu: Emulator, raw: unknown): Record<string, unknown> {
  const body = parseRequest(MfaBody, raw);
  const { session, token } = sessionFor(emu, body.link_session_id);
  if (session.mfa === null) throw new PlaidApiError("INVALID_LINK_TOKEN", "link session has no multi-factor step open");
  const complete = answerMfa(session.mfa, body);
  if (!complete) return { done: false, mfa: mfaChallenge(session.mfa) };
  session.mfa = null;
  return afterAuthentication(emu, session, token);
}

function finish(emu: Emulator, raw: unknown): Record<string, unknown> {
  const body = parseRequest(FinishBody, raw);
  const { session, token } = sessionFor(emu, body.link_session_id);
  if (session.ordinal === null || session.username === null || session.institutionId === null || session.mfa !== null) {
    throw new PlaidApiError("INVALID_LINK_TOKEN", "link session has not logged in");
  }
  const chosen = session.accounts.filter((account) => body.account_ids.includes(account.accountId));
  if (chosen.length === 0) throw new PlaidApiError("INVALID_FIELD", "account_ids: choose at least one account");
  const { products, consented } = productsFromLinkToken(token, session.institutionId);
  const item = createItem(emu, {
    institutionId: session.institutionId,
    username: session.username,
    webhook: token.webhook,
    products,
    consentedProducts: consented,
    selectedAccountIds: chosen.map((account) => account.accountId),
    ordinal: session.ordinal,
  });
  const publicToken = issuePublicToken(emu, item, false);
  return { public_token: publicToken, metadata: successMetadata(session.id, item.institutionId, chosen, publicToken) };
}

/**
 * The user chose an OAuth bank. How Link reaches the bank (`oauth_mode`, chosen by the Link UI):
 * - `popup` (Plaid's default in a browser, desktop and mobile web, even with a `redirect_uri`):
 *   the consent page opens in a popup (`popup_path`); Link polls `oauth/complete` and goes on in
 *   the original page.
 * - `redirect` (webviews; needs the token's `redirect_uri`): the whole page leaves for the consent
 *   page (`redirect_path`) and comes back to `redirect_uri?oauth_state_id=…` (`oauthResume`).
 * - `inline`: the consent is shown inside Link (`oauthDecide`), where a popup could not open.
 * Without `oauth_mode`: `redirect` when the token has a `redirect_uri`, else `inline`.
 */
function oauthStart(emu: Emulator, raw: unknown): Record<string, unknown> {
  const body = parseRequest(OAuthStartBody, raw);
  const { session, token } = sessionFor(emu, body.link_session_id);
  const updateItem = updateItemOf(emu, token);
  const institution = findInstitution(updateItem?.institutionId ?? body.institution_id);
  if (institution === undefined) throw new PlaidApiError("INVALID_INSTITUTION");
  if (!institution.oauth) throw new PlaidApiError("INVALID_INSTITUTION", `${institution.name} does not use OAuth`);
  session.institutionId = institution.institutionId;
  const mode = body.oauth_mode ?? (token.redirectUri === null ? "inline" : "redirect");
  const via = mode === "redirect" && token.redirectUri === null ? "popup" : mode;
  const state = emu.linkSessions.startOAuth(session, institution.institutionId, via);
  const consentPath = `/link/oauth/consent?oauth_state_id=${encodeURIComponent(state.id)}`;
  return {
    oauth_state_id: state.id,
    oauth_mode: via,
    redirect_path: via === "redirect" ? consentPath : null,
    popup_path: via === "popup" ? consentPath : null,
  };
}

/** The bank's answer comes back: approved continues Link, denied ends it with ACCESS_NOT_GRANTED. */
function continueOAuth(emu: Emulator, state: OAuthState): Record<string, unknown> {
  if (state.used) throw new PlaidApiError("OAUTH_STATE_ID_ALREADY_PROCESSED");
  const session = emu.linkSessions.get(state.sessionId);
  if (session === undefined) throw new PlaidApiError("OAUTH_STATE_ID_NOT_FOUND", "the Link session of this oauth_state_id is gone (was the emulator restarted?)");
  const token = validLinkToken(emu, state.linkToken);
  state.used = true;
  if (state.decision !== "approved") throw new PlaidApiError("ACCESS_NOT_GRANTED", "the user did not grant access at the institution");
  session.institutionId = state.institutionId;
  session.username = updateItemOf(emu, token)?.username ?? OAUTH_USERNAME;
  const institution = findInstitution(state.institutionId);
  return {
    session: describeSession(emu, session, token),
    institution: institution === undefined ? null : institutionSummary(institution),
    ...afterAuthentication(emu, session, token),
  };
}

function oauthDecide(emu: Emulator, raw: unknown): Record<string, unknown> {
  const body = parseRequest(OAuthDecideBody, raw);
  const state = oauthStateFor(emu, body.oauth_state_id);
  if (state.sessionId !== body.link_session_id) throw new PlaidApiError("OAUTH_STATE_ID_NOT_FOUND");
  decideOAuth(state, body.decision);
  return continueOAuth(emu, state);
}

/**
 * The popup path: Link (in the original page) polls until the user answered in the popup, then
 * goes on as after a redirect. `{ pending: true }` while the consent page is still open.
 */
function oauthComplete(emu: Emulator, raw: unknown): Record<string, unknown> {
  const body = parseRequest(OAuthCompleteBody, raw);
  const state = oauthStateFor(emu, body.oauth_state_id);
  if (state.sessionId !== body.link_session_id) throw new PlaidApiError("OAUTH_STATE_ID_NOT_FOUND");
  if (state.decision === "pending" && !state.used) return { pending: true };
  return { pending: false, ...continueOAuth(emu, state) };
}

/** Records the user's choice on the consent page; false when the state was already decided. */
export function decideOAuth(state: OAuthState, decision: "approve" | "deny"): boolean {
  if (state.decision !== "pending" || state.used) return false;
  state.decision = decision === "approve" ? "approved" : "denied";
  return true;
}

/**
 * Link re-initialised after the redirect: `Plaid.create({ token, receivedRedirectUri })`. The
 * token must be the one the flow started with, and the URI must carry the state id Plaid issued.
 */
function oauthResume(emu: Emulator, raw: unknown): Record<string, unknown> {
  const body = parseRequest(OAuthResumeBody, raw);
  const token = validLinkToken(emu, body.link_token);
  let id: string | null = null;
  try {
    id = new URL(body.received_redirect_uri).searchParams.get("oauth_state_id");
  } catch {
    id = null;
  }
  const state = oauthStateFor(emu, id);
  if (state.linkToken !== token.token) throw new PlaidApiError("INCORRECT_LINK_TOKEN");
  return continueOAuth(emu, state);
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
    jsonRoute(emu, "/link/ui/api/mfa", mfa),
    jsonRoute(emu, "/link/ui/api/finish", finish),
    jsonRoute(emu, "/link/ui/api/oauth/start", oauthStart),
    jsonRoute(emu, "/link/ui/api/oauth/decide", oauthDecide),
    jsonRoute(emu, "/link/ui/api/oauth/resume", oauthResume),
    jsonRoute(emu, "/link/ui/api/oauth/complete", oauthComplete),
  ];
}
