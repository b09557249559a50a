import { z } from "zod";

/** Administrator can do everything; Reader sees configuration and logs but changes nothing. */
export const adminRoleSchema = z.enum(["Administrator", "Reader"]);
export type AdminRole = z.infer<typeof adminRoleSchema>;

/** The signed-in person as the app sees them: never the password hash. */
export type SignedInUser = {
  id: string;
  username: string;
  displayName: string | null;
  role: AdminRole;
  /** "sso": signs in through the OpenID Connect provider and has no Provisio password. */
  signInMethod: SignInMethod;
  sessionId: string;
};

export type SignInMethod = "password" | "sso";

export function parseRole(value: string): AdminRole {
  const parsed = adminRoleSchema.safeParse(value);
  // An unknown role stored by hand is treated as the least privileged one.
  return parsed.success ? parsed.data : "Reader";
}

export function canChangeThings(role: AdminRole): boolean {
  return role === "Administrator";
}
