/** What a sign-in or sign-up form shows after the server answered. */
export interface AuthFormState {
  email?: string;
  /** "code": the password was right and the account asks for a second factor. */
  step?: "code";
  formError?: string;
  fieldErrors?: { email?: string; password?: string; code?: string };
}
