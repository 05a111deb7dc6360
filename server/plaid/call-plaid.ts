import { countPlaidError } from "@/server/observability/record-metrics";
import { PlaidRequestError, toPlaidFailure } from "./errors";

/**
 * Awaits one Plaid call and hands back its body. Failures become a PlaidRequestError right here,
 * so no caller ever holds the AxiosError (whose config carries PLAID-SECRET).
 */
export async function callPlaid<T>(endpoint: string, request: () => Promise<{ data: T }>): Promise<T> {
  try {
    const response = await request();
    return response.data;
  } catch (error) {
    const failure = toPlaidFailure(error);
    countPlaidError(endpoint, failure.code);
    throw new PlaidRequestError(failure, endpoint);
  }
}
