import { env, type Env } from "../env";

/** Single sign-on settings, from the PROVISIO_OIDC_* variables (validated in lib/env.ts). */
export type OidcConfig = {
  issuer: string;
  clientId: string;
  /** Never logged, never sent to the browser. */
  clientSecret: string;
  /** The provider's name on the sign-in button ("Sign in with <displayName>"). */
  displayName: string;
  scopes: string;
  /** Claim holding group or role values; a dotted path reaches into nested objects. */
  roleClaim: string;
  adminValues: string[];
  readerValues: string[];
  /** Where the provider sends people back: register it at the provider. */
  redirectUri: string;
};

const OIDC_CALLBACK_PATH = "/api/auth/oidc/callback";
export const OIDC_START_PATH = "/api/auth/oidc/start";

/** The configuration, or null when single sign-on is off (no PROVISIO_OIDC_ISSUER). */
export function oidcConfig(e: Env = env()): OidcConfig | null {
  if (!e.PROVISIO_OIDC_ISSUER || !e.PROVISIO_OIDC_CLIENT_ID || !e.PROVISIO_OIDC_CLIENT_SECRET) return null;
  return {
    issuer: e.PROVISIO_OIDC_ISSUER,
    clientId: e.PROVISIO_OIDC_CLIENT_ID,
    clientSecret: e.PROVISIO_OIDC_CLIENT_SECRET,
    displayName: e.PROVISIO_OIDC_DISPLAY_NAME ?? "SSO",
    scopes: e.PROVISIO_OIDC_SCOPES,
    roleClaim: e.PROVISIO_OIDC_ROLE_CLAIM ?? "groups",
    adminValues: e.PROVISIO_OIDC_ADMIN_VALUES,
    readerValues: e.PROVISIO_OIDC_READER_VALUES,
    redirectUri: new URL(OIDC_CALLBACK_PATH, e.PROVISIO_BASE_URL).toString(),
  };
}

/** Whether the claim decides roles (some values configured) or Administrators do, in People. */
export function roleMappingConfigured(cfg: Pick<OidcConfig, "adminValues" | "readerValues">): boolean {
  return cfg.adminValues.length > 0 || cfg.readerValues.length > 0;
}

/** What pages may show about single sign-on: never the secret. */
export type OidcPublicInfo = {
  displayName: string;
  issuer: string;
  clientId: string;
  redirectUri: string;
  roleClaim: string;
  adminValues: string[];
  readerValues: string[];
  roleMapping: boolean;
};

export function oidcPublicInfo(cfg: OidcConfig | null = oidcConfig()): OidcPublicInfo | null {
  if (!cfg) return null;
  return {
    displayName: cfg.displayName,
    issuer: cfg.issuer,
    clientId: cfg.clientId,
    redirectUri: cfg.redirectUri,
    roleClaim: cfg.roleClaim,
    adminValues: cfg.adminValues,
    readerValues: cfg.readerValues,
    roleMapping: roleMappingConfigured(cfg),
  };
}
