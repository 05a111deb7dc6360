import { randomUUID } from "node:crypto";
import { type AccountRecord } from "../generate/accounts";

/** One run of the Link UI, from opening to onSuccess/onExit; kept in memory only. */
export interface LinkSession {
  id: string;
  linkToken: string;
  institutionId: string | null;
  username: string | null;
  /** Item ordinal reserved at login, so the accounts shown are the ones the item will have. */
  ordinal: number | null;
  accounts: AccountRecord[];
}

export class LinkSessions {
  private sessions = new Map<string, LinkSession>();

  create(linkToken: string): LinkSession {
    const session: LinkSession = { id: randomUUID(), linkToken, institutionId: null, username: null, ordinal: null, accounts: [] };
    this.sessions.set(session.id, session);
    return session;
  }

  get(id: string): LinkSession | undefined {
    return this.sessions.get(id);
  }

  clear(): void {
    this.sessions.clear();
  }
}
