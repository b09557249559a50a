import { z } from "zod";
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
    .optional()
    .transform((v) => (v ? v : null)),
  password: passwordSchema,
  role: adminRoleSchema,
});
export type NewAdminUserInput = z.input<typeof newAdminUserSchema>;
