import { randomUUID } from "node:crypto";
import { type AccountRecord } from "../generate/accounts";
import { type MfaState } from "./mfa";

/** One run of the Link UI, from opening to onSuccess/onExit; kept in memory only. */
export interface LinkSession {
  id: string;
  linkToken: string;
  institutionId: string | null;
  username: string | null;
  /** Item ordinal reserved at login, so the accounts shown are the ones the item will have. */
  ordinal: number | null;
  accounts: AccountRecord[];
  /** Set while a multi-factor challenge is open (login accepted, answers pending). */
  mfa: MfaState | null;
}

/**
 * An OAuth hand-off: Link sent the user to the bank's consent page (or showed it in place) and
 * waits for `oauth_state_id` to come back through `receivedRedirectUri`. Single use.
 */
export interface OAuthState {
  id: string;
  linkToken: string;
  sessionId: string;
  institutionId: string;
  decision: "pending" | "approved" | "denied";
  used: boolean;
  /** How the user reaches the bank: a popup, a full-page redirect, or the consent inside Link. */
  via: OAuthVia;
}

export type OAuthVia = "popup" | "redirect" | "inline";

export class LinkSessions {
  private sessions = new Map<string, LinkSession>();
  private oauthStates = new Map<string, OAuthState>();

  create(linkToken: string): LinkSession {
    const session: LinkSession = { id: randomUUID(), linkToken, institutionId: null, username: null, ordinal: null, accounts: [], mfa: null };
    this.sessions.set(session.id, session);
    return session;
  }

  get(id: string): LinkSession | undefined {
    return this.sessions.get(id);
  }

  startOAuth(session: LinkSession, institutionId: string, via: OAuthVia): OAuthState {
    const state: OAuthState = { id: randomUUID(), linkToken: session.linkToken, sessionId: session.id, institutionId, decision: "pending", used: false, via };
    this.oauthStates.set(state.id, state);
    return state;
  }

  oauthState(id: string): OAuthState | undefined {
    return this.oauthStates.get(id);
  }

  clear(): void {
    this.sessions.clear();
    this.oauthStates.clear();
  }
}
