import { z } from "zod";
import { PlaidApiError } from "../errors";
import { defineRoute } from "../http/router";
import { findInstitution } from "../institutions";
import { renderInstitution } from "./render";

const Body = z.object({
  institution_id: z.string(),
  country_codes: z.array(z.string()).min(1),
  options: z.object({ include_optional_metadata: z.boolean().optional() }).optional(),
});

export const institutionsGetById = defineRoute("/institutions/get_by_id", Body, (_ctx, body) => {
  const institution = findInstitution(body.institution_id);
  if (institution === undefined || !institution.countryCodes.some((code) => body.country_codes.includes(code))) {
    throw new PlaidApiError("INVALID_INSTITUTION");
  }
  return { institution: renderInstitution(institution, body.options?.include_optional_metadata === true) };
});
