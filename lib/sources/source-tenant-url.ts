import { env } from "../env";

/** The Tenant URL an admin pastes into Entra ID, Okta and other IdPs: this app's SCIM base URL for the source. */
export function sourceTenantUrl(sourceId: string, baseUrl = env().PROVISIO_BASE_URL): string {
  return `${baseUrl.replace(/\/+$/, "")}/scim/v2/${encodeURIComponent(sourceId)}`;
}
