import { z } from "zod";
import { adminRoleSchema } from "../roles";

export const createApiTokenInput = z.object({
  name: z
    .string()
    .trim()
    .min(1, "Enter a name, such as the pipeline or script that will use the token")
    .max(80, "At most 80 characters")
    .regex(/^[\p{L}\p{N} ._\-@/()]+$/u, "Use letters, digits, spaces and . _ - @ / ( ) only"),
  role: adminRoleSchema,
  /** Days until the token stops working; null or absent: it never expires. */
  expiresInDays: z.coerce
    .number({ error: "Choose when the token expires" })
    .int()
    .min(1, "At least 1 day")
    .max(3650, "At most 10 years")
    .nullish(),
});
export type CreateApiTokenInput = z.input<typeof createApiTokenInput>;

export const revokeApiTokenInput = z.object({ tokenId: z.string().min(1) });

/** What the People page lists: never the token or its hash. */
export type ApiTokenView = {
  id: string;
  name: string;
  role: z.infer<typeof adminRoleSchema>;
  owner: string;
  createdAt: Date;
  expiresAt: Date | null;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
  lastUsedIp: string | null;
  state: "Active" | "Expired" | "Revoked";
};
