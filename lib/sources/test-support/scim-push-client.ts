import { createSource } from "../create-source";
import { createSourceToken } from "../create-source-token";
import { startScimPushServer, type ScimPushServer } from "../scim/start-scim-push-server";

export const USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
export const GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group";
export const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
export const PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
export const LEGACY_GROUP = "http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = Record<string, any>;

export type ScimAnswer = { status: number; headers: Headers; body: Json | undefined };

/** A SCIM push source with a token, and a client for its Tenant URL over real HTTP. */
export type PushSource = {
  id: string;
  token: string;
  tenantUrl: string;
  scim(
    method: string,
    path: string,
    body?: unknown,
    opts?: { token?: string | null; raw?: string },
  ): Promise<ScimAnswer>;
};

export async function startPushServer(): Promise<ScimPushServer> {
  return startScimPushServer();
}

export async function addPushSource(server: ScimPushServer, name: string): Promise<PushSource> {
  const { id } = await createSource({ name, kind: "ScimPush" }, "test");
  const { token } = await createSourceToken({ sourceId: id, name: "IdP" }, "test");
  const tenantUrl = `${server.origin}/scim/v2/${id}`;
  return {
    id,
    token,
    tenantUrl,
    async scim(method, path, body, opts = {}) {
      const headers: Record<string, string> = { "Content-Type": "application/scim+json" };
      const presented = opts.token === undefined ? token : opts.token;
      if (presented !== null) headers.Authorization = `Bearer ${presented}`;
      const res = await fetch(`${tenantUrl}${path}`, {
        method,
        headers,
        body: opts.raw ?? (body === undefined ? undefined : JSON.stringify(body)),
      });
      const text = await res.text();
      return { status: res.status, headers: res.headers, body: text ? (JSON.parse(text) as Json) : undefined };
    },
  };
}

export const eq = (attribute: string, value: string) => `filter=${encodeURIComponent(`${attribute} eq "${value}"`)}`;
