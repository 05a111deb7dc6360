/** What a sign-in or sign-up form shows after the server answered. */
export interface AuthFormState {
  email?: string;
  formError?: string;
  fieldErrors?: { email?: string; password?: string };
}
