/**
 * A missing or another user's rule, category, account or transaction: the routers answer
 * NOT_FOUND, identical either way, and nothing has changed (thrown inside the transaction).
 */
export class RuleNotFoundError extends Error {
  constructor(readonly what: "rule" | "category" | "account" | "transaction") {
    super(`That ${what} was not found.`);
    this.name = "RuleNotFoundError";
  }
}

/** The order given does not list each of the user's rules once (a stale page): reload and retry. */
export class RuleOrderError extends Error {
  constructor() {
    super("The list of rules changed; reload the page and try again.");
    this.name = "RuleOrderError";
  }
}
