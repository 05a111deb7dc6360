/**
 * Errors an edit answers with, as values the routers map once (server/api/routers/edit-errors.ts):
 * a missing or another user's transaction or category is NOT_FOUND, identical either way; input
 * the server rejects after zod (a duplicate name, parts that do not add up) names its field.
 */
export class EditNotFoundError extends Error {
  constructor(what: "transaction" | "category") {
    super(what === "transaction" ? "That transaction was not found." : "That category was not found.");
    this.name = "EditNotFoundError";
  }
}

export class EditInputError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = "EditInputError";
  }
}
