import { countPlaidError } from "@/server/observability/record-metrics";
import { PlaidRequestError, toPlaidFailure } from "./errors";
import { PLAID_BUSY_FAILURE, plaidCallBudget } from "./plaid-call-budget";

/**
 * Awaits one Plaid call and hands back its body. Failures become a PlaidRequestError right here,
 * so no caller ever holds the AxiosError (whose config carries PLAID-SECRET). Every call draws from
 * the process's call budget (./plaid-call-budget.ts) first; refused, it fails as a retryable
 * "busy" without reaching Plaid.
 */
export async function callPlaid<T>(endpoint: string, request: () => Promise<{ data: T }>): Promise<T> {
  if (!(await plaidCallBudget().take())) {
    countPlaidError(endpoint, PLAID_BUSY_FAILURE.code);
    throw new PlaidRequestError(PLAID_BUSY_FAILURE, endpoint);
  }
  try {
    const response = await request();
    return response.data;
  } catch (error) {
    const failure = toPlaidFailure(error);
    countPlaidError(endpoint, failure.code);
    throw new PlaidRequestError(failure, endpoint);
  }
}
