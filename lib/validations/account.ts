import { z } from "zod";

/** Account inputs, shared by the account pages, their server actions and lib/auth services. */

/** The sign-in form's fields, as the credentials provider receives them. */
export const credentialsSchema = z.object({
  email: z.string().trim().toLowerCase().email().max(254),
  password: z.string().min(1).max(200),
});

export const newPasswordSchema = z.string().min(12, "Passwords are 12 to 200 characters").max(200, "Passwords are 12 to 200 characters");

export const changePasswordSchema = z
  .object({
    currentPassword: z.string().min(1, "Enter your current password").max(200),
    newPassword: newPasswordSchema,
    confirmPassword: z.string().max(200),
  })
  .refine((v) => v.newPassword === v.confirmPassword, { path: ["confirmPassword"], message: "The passwords do not match" })
  .refine((v) => v.newPassword !== v.currentPassword, { path: ["newPassword"], message: "Choose a password you do not use already" });
export type ChangePasswordInput = z.input<typeof changePasswordSchema>;

export const sessionIdSchema = z.string().regex(/^ses_[0-9A-Za-z]{20}$/, "Not a valid session id");

/** A six-digit authenticator code; spaces are allowed, as apps display them. */
export const totpCodeSchema = z
  .string()
  .transform((v) => v.replace(/\s+/g, ""))
  .pipe(z.string().regex(/^\d{6}$/, "Enter the 6-digit code from your authenticator app"));
export type TotpCodeInput = z.input<typeof totpCodeSchema>;

/** Recovery codes: 10 base32-ish characters, shown as xxxxx-xxxxx. */
export const recoveryCodeSchema = z
  .string()
  .transform((v) => v.replace(/[\s-]+/g, "").toLowerCase())
  .pipe(z.string().regex(/^[a-z0-9]{10}$/, "Enter a recovery code like abcde-12345"));

export const passkeyNameSchema = z.string().trim().min(1, "Name your passkey").max(60, "Names are at most 60 characters");
