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
    throw new PlaidRequestError(toPlaidFailure(error), endpoint);
  }
}
