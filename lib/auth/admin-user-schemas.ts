import { z } from "zod";
import { unsafeCharacterProblem } from "../input/unsafe-character-problem";
import { passwordSchema } from "./password";
import { adminRoleSchema } from "./roles";

const usernameSchema = z
  .string()
  .trim()
  .min(1, "Enter a username.")
  .max(100, "Use at most 100 characters.")
  .regex(/^[\p{L}\p{N}._@+-]+$/u, "Use letters, digits and . _ @ + - only (no spaces).")
  .transform((v) => v.toLowerCase());

export const newAdminUserSchema = z.object({
  username: usernameSchema,
  displayName: z
    .string()
    .trim()
    .max(200, "Use at most 200 characters.")
    .superRefine((v, ctx) => {
      const problem = unsafeCharacterProblem(v, "The display name");
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    })
    .optional()
    .transform((v) => (v ? v : null)),
  password: passwordSchema,
  role: adminRoleSchema,
});
export type NewAdminUserInput = z.input<typeof newAdminUserSchema>;

/**
 * The set-up screen's form: the first Administrator with the password typed twice. Every problem is reported
 * at once: a short password is named even when the two passwords also differ.
 */
export const firstAdminFormSchema = newAdminUserSchema
  .omit({ role: true })
  .extend({ confirmPassword: z.string() })
  .refine((v) => v.password === v.confirmPassword, {
    path: ["confirmPassword"],
    message: "The two passwords differ.",
    // Compare whenever both are text, even if the password already failed its length check.
    when: (payload) => {
      const v = payload.value as { password?: unknown; confirmPassword?: unknown } | undefined;
      return typeof v?.password === "string" && typeof v?.confirmPassword === "string";
    },
  });
