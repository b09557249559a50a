import type { OidcConfig } from "./oidc-config";
import type { AdminRole } from "./roles";

export type OidcClaims = Record<string, unknown>;

/**
 * The values of the role claim: an array of strings, or one string. A name with dots ("realm_access.roles")
 * is looked up as written first, then as a path into nested objects.
 */
export function claimValues(claims: OidcClaims, name: string): string[] {
  let value: unknown = claims[name];
  if (value === undefined && name.includes(".")) {
    value = name
      .split(".")
      .reduce<unknown>(
        (node, key) => (node && typeof node === "object" ? (node as Record<string, unknown>)[key] : undefined),
        claims,
      );
  }
  if (typeof value === "string") return value.trim() ? [value.trim()] : [];
  if (Array.isArray(value))
    return value
      .filter((v): v is string => typeof v === "string")
      .map((v) => v.trim())
      .filter(Boolean);
  return [];
}

/**
 * The role single sign-on gives someone at this sign-in:
 * - no values configured: "unmapped" (new people become Readers, existing people keep the role an Administrator gave them);
 * - values configured: Administrator if any admin value matches, else Reader if any reader value matches, else refused.
 * Values are compared exactly (case-sensitive), as identity providers send them.
 */
export function resolveOidcRole(
  claims: OidcClaims,
  cfg: Pick<OidcConfig, "roleClaim" | "adminValues" | "readerValues">,
): { kind: "unmapped" } | { kind: "role"; role: AdminRole } | { kind: "refused" } {
  if (cfg.adminValues.length === 0 && cfg.readerValues.length === 0) return { kind: "unmapped" };
  const values = new Set(claimValues(claims, cfg.roleClaim));
  if (cfg.adminValues.some((v) => values.has(v))) return { kind: "role", role: "Administrator" };
  if (cfg.readerValues.some((v) => values.has(v))) return { kind: "role", role: "Reader" };
  return { kind: "refused" };
}
