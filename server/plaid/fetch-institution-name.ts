import { callPlaid } from "./call-plaid";
import type { PlaidDeps } from "./services";

/** The institution's display name, or null if Plaid cannot say (a label is not worth failing for). */
export async function fetchInstitutionName(deps: PlaidDeps, institutionId: string): Promise<string | null> {
  try {
    const data = await callPlaid("/institutions/get_by_id", () =>
      deps.client.institutionsGetById({ institution_id: institutionId, country_codes: deps.config.countryCodes }),
    );
    return data.institution.name;
  } catch {
    return null;
  }
}
