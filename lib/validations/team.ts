import { z } from "zod";
import { ROLES } from "@/lib/permissions";

/** Team inputs, shared by the team page, the invite page, server actions and services. */

export const roleSchema = z.enum(ROLES, { error: "Choose owner, admin, developer or viewer" });

export const memberEmailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(1, "Email is required")
  .max(254, "Email is at most 254 characters")
  .pipe(z.email("Enter a valid email address"));

export const membershipIdSchema = z.string().regex(/^mem_[0-9A-Za-z]{20}$/, "Not a valid member id");
export const inviteIdSchema = z.string().regex(/^inv_[0-9A-Za-z]{20}$/, "Not a valid invite id");
/** Invite tokens are 43 base62 characters (about 256 random bits). */
export const inviteTokenSchema = z.string().regex(/^[0-9A-Za-z]{43}$/, "Not a valid invite link");

export const inviteMemberSchema = z.object({ email: memberEmailSchema, role: roleSchema }).strict();
export type InviteMemberInput = z.input<typeof inviteMemberSchema>;

export const changeRoleSchema = z.object({ membershipId: membershipIdSchema, role: roleSchema }).strict();
export type ChangeRoleInput = z.input<typeof changeRoleSchema>;

export const userNameSchema = z
  .string()
  .trim()
  .min(1, "Name is required")
  .max(100, "Name is at most 100 characters");

export const newPasswordSchema = z
  .string()
  .min(12, "Passwords are 12 to 200 characters")
  .max(200, "Passwords are 12 to 200 characters");

export const acceptInviteNewUserSchema = z
  .object({
    token: inviteTokenSchema,
    name: userNameSchema,
    password: newPasswordSchema,
    confirmPassword: z.string().max(200),
  })
  .strict()
  .refine((v) => v.password === v.confirmPassword, { path: ["confirmPassword"], message: "Passwords do not match" });
export type AcceptInviteNewUserInput = z.input<typeof acceptInviteNewUserSchema>;

/** The owner's "Require a second factor for all members" switch. */
export const secondFactorPolicySchema = z.object({ requireSecondFactor: z.boolean() }).strict();
export type SecondFactorPolicyInput = z.input<typeof secondFactorPolicySchema>;
