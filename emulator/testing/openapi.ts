import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Ajv, type ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";
import { parse } from "yaml";

// Validates emulator answers against Plaid's own OpenAPI file (tests only; the emulator never reads
// ../shared). OpenAPI 3.0's `nullable: true` becomes `anyOf: [null, schema]` so it works beside
// `$ref` and `allOf`, and every schema is reachable as `plaid#/components/schemas/<Name>`.

const SPEC_NAME = "plaid-openapi-2020-09-14.yml";

/**
 * Where Plaid's OpenAPI file is: PLAID_OPENAPI_SPEC, else `../shared/reference` beside the repo
 * (the project's layout), else this workplace's `/work/shared`. Null when none exists, e.g. in a
 * clone somewhere else; the conformance suite then says so and is skipped.
 */
export function findPlaidSpec(): string | null {
  const candidates = [
    process.env.PLAID_OPENAPI_SPEC,
    fileURLToPath(new URL(`../../../shared/reference/${SPEC_NAME}`, import.meta.url)),
    `/work/shared/reference/${SPEC_NAME}`,
  ];
  return candidates.find((candidate): candidate is string => Boolean(candidate && existsSync(candidate))) ?? null;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function convert(node: Json): Json {
  if (Array.isArray(node)) return node.map(convert);
  if (node === null || typeof node !== "object") return node;
  const out: { [key: string]: Json } = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === "nullable" || key === "example" || key === "examples" || key === "discriminator" || key.startsWith("x-")) continue;
    out[key] = convert(value);
  }
  return node.nullable === true ? { anyOf: [{ type: "null" }, out] } : out;
}

interface OpenApiDoc {
  paths: Record<string, { post?: { responses?: Record<string, { content?: Record<string, { schema?: { $ref?: string } }> }> } }>;
  components: { schemas: Record<string, Json> };
}

export interface PlaidSchemas {
  /** Validator for a named component schema, e.g. "PlaidError". */
  schema(name: string): ValidateFunction;
  /** Validator for the 200 (or "default" = error) response of a POST path. */
  response(path: string, status?: "200" | "default"): ValidateFunction;
}

let cached: PlaidSchemas | undefined;

export function loadPlaidSchemas(): PlaidSchemas {
  if (cached !== undefined) return cached;
  const specPath = findPlaidSpec();
  if (!specPath) throw new Error(`Plaid's OpenAPI file (${SPEC_NAME}) was not found; set PLAID_OPENAPI_SPEC`);
  const doc = parse(readFileSync(specPath, "utf8")) as OpenApiDoc;
  const ajv = new Ajv({ strict: false, allErrors: true });
  const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
  addFormats(ajv);
  for (const format of ["double", "float", "url", "binary", "cognito", "valid", ""]) ajv.addFormat(format, true);
  ajv.addSchema({ $id: "plaid", components: { schemas: convert(doc.components.schemas) } });
  const validators = new Map<string, ValidateFunction>();
  const byRef = (ref: string): ValidateFunction => {
    let validator = validators.get(ref);
    if (validator === undefined) {
      validator = ajv.compile({ $ref: `plaid${ref}` });
      validators.set(ref, validator);
    }
    return validator;
  };
  cached = {
    schema: (name) => byRef(`#/components/schemas/${name}`),
    response(path, status = "200") {
      const ref = doc.paths[path]?.post?.responses?.[status]?.content?.["application/json"]?.schema?.$ref;
      if (ref === undefined) throw new Error(`no ${status} response schema for ${path}`);
      return byRef(ref);
    },
  };
  return cached;
}

/** A readable list of schema violations, for assertion messages. */
export function violations(validate: ValidateFunction): string {
  return (validate.errors ?? []).map((error) => `${error.instancePath || "/"} ${error.message ?? ""} ${JSON.stringify(error.params)}`).join("\n");
}
