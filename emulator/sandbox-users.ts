// Sandbox credentials and the data volume each one produces.
export interface SandboxUser {
  username: string;
  /** How many days of history the item has. */
  days: number;
  /** Total transactions generated for the item (recurring + everyday purchases). */
  transactions: number;
  /** Volume users are for benchmarks: exempt from the per-item rate limit. */
  benchmark: boolean;
}

export const SANDBOX_PASSWORD = "pass_good";

export const SANDBOX_USERS: readonly SandboxUser[] = [
  { username: "user_good", days: 90, transactions: 320, benchmark: false },
  { username: "user_transactions_10k", days: 365, transactions: 10_000, benchmark: true },
  { username: "user_transactions_100k", days: 730, transactions: 100_000, benchmark: true },
];

export function findSandboxUser(username: string): SandboxUser | undefined {
  return SANDBOX_USERS.find((user) => user.username === username);
}

/** Plaid's sandbox accepts only the documented users with `pass_good`. */
export function checkCredentials(username: string, password: string): SandboxUser | undefined {
  if (password !== SANDBOX_PASSWORD) return undefined;
  return findSandboxUser(username);
}
