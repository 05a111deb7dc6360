import { type z } from "zod";
import { PlaidApiError } from "../errors";

function valueAt(body: unknown, path: readonly PropertyKey[]): unknown {
  let current: unknown = body;
  for (const key of path) {
    if (typeof current !== "object" || current === null) return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

/**
 * Parses a request body with a zod schema and answers like Plaid: absent required fields are
 * MISSING_FIELDS (listing them), anything else wrong is INVALID_FIELD naming the field.
 */
export function parseRequest<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const missing = result.error.issues
    .filter((issue) => issue.code === "invalid_type" && valueAt(body, issue.path) === undefined)
    .map((issue) => issue.path.join("."));
  if (missing.length > 0) {
    throw new PlaidApiError("MISSING_FIELDS", `the following required fields are missing: ${missing.join(", ")}`);
  }
  const issue = result.error.issues[0];
  const field = issue === undefined ? "body" : issue.path.join(".");
  throw new PlaidApiError("INVALID_FIELD", `${field}: ${issue?.message ?? "invalid value"}`);
}
