/** The fields of Link's onExit error the message depends on. */
export interface LinkExitError {
  error_code: string;
  display_message?: string | null;
  error_message?: string | null;
}

/**
 * A sentence a person can act on for Link's onExit error. OAuth failures get our own words:
 * Plaid's messages for them are written for developers.
 */
export function linkExitMessage(error: LinkExitError, institutionName?: string | null): string {
  const bank = institutionName ?? "your bank";
  switch (error.error_code) {
    case "ACCESS_NOT_GRANTED":
      return `You did not give Ledgerlink access at ${bank}, so nothing was connected. You can start again whenever you like.`;
    // Plaid answers a missing or malformed oauth_state_id with INVALID_FIELD, an unknown one with NOT_FOUND.
    case "INVALID_FIELD":
    case "OAUTH_STATE_ID_NOT_FOUND":
    case "OAUTH_STATE_ID_ALREADY_PROCESSED":
    case "INCORRECT_LINK_TOKEN":
      return `The way back from ${bank} could not be matched to your connection attempt (the link was changed or already used), so nothing was connected. Please start again.`;
    case "INVALID_LINK_TOKEN":
      return "This connection attempt expired. Please start again.";
    case "INVALID_MFA":
      return "The security answer was not accepted, so nothing was connected. Please start again.";
    case "INVALID_CREDENTIALS":
      return "The bank did not accept that username and password, so nothing was connected.";
    default:
      return error.display_message ?? error.error_message ?? "Plaid Link closed with an error. Please try again.";
  }
}
