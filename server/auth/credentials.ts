import { z } from "zod";

const COMMON_PASSWORDS = new Set([
  "password123",
  "password1234",
  "1234567890",
  "12345678910",
  "qwertyuiop",
  "iloveyou123",
  "letmein1234",
  "welcome1234",
  "passw0rd123",
  "administrator",
]);

export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email({ error: "Enter a valid email address, like name@example.com." }).max(254));

export const newPasswordSchema = z
  .string()
  .min(10, { error: "Use at least 10 characters for your password." })
  .max(128, { error: "Use at most 128 characters for your password." })
  .refine((value) => new Set(value).size >= 4, { error: "That password is too easy to guess: mix more characters." })
  .refine((value) => !COMMON_PASSWORDS.has(value.toLowerCase()), {
    error: "That password is too common: choose another.",
  });

export const signUpSchema = z.object({ email: emailSchema, password: newPasswordSchema });
export type SignUpInput = z.infer<typeof signUpSchema>;

// Sign-in does not re-check password strength: older accounts may predate today's rules.
export const signInSchema = z.object({ email: emailSchema, password: z.string().min(1).max(128) });
export type SignInInput = z.infer<typeof signInSchema>;
