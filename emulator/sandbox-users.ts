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

/** Plaid's sandbox multi-factor flows, chosen by `user_good`'s password (see mfa.ts). */
export type MfaSpec =
  | { type: "device" }
  | { type: "questions"; rounds: number; perRound: number }
  | { type: "selections"; rounds: number; perRound: number; options: number };

/**
 * Plaid's sandbox MFA passwords for `user_good`: `mfa_device` (code 1234),
 * `mfa_questions_<n>_<m>` (answers `answer_<i>_<j>`), `mfa_selections` (answer "Yes") and
 * `mfa_selections_<n>_<m>_<o>` (answers `answer_<i>_<j>_0`); 0 < n, m < 10 and 2 ≤ o < 10.
 */
export function mfaForPassword(username: string, password: string): MfaSpec | undefined {
  if (username !== "user_good") return undefined;
  if (password === "mfa_device") return { type: "device" };
  if (password === "mfa_selections") return { type: "selections", rounds: 1, perRound: 1, options: 0 };
  const questions = /^mfa_questions_([1-9])_([1-9])$/.exec(password);
  if (questions !== null) return { type: "questions", rounds: Number(questions[1]), perRound: Number(questions[2]) };
  const selections = /^mfa_selections_([1-9])_([1-9])_([2-9])$/.exec(password);
  if (selections !== null) return { type: "selections", rounds: Number(selections[1]), perRound: Number(selections[2]), options: Number(selections[3]) };
  return undefined;
}

/** Plaid's sandbox accepts only the documented users with `pass_good` (or an MFA password for `user_good`). */
export function checkCredentials(username: string, password: string): SandboxUser | undefined {
  if (password !== SANDBOX_PASSWORD && mfaForPassword(username, password) === undefined) return undefined;
  return findSandboxUser(username);
}
