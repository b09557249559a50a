import { beforeEach, describe, expect, it } from "vitest";
import { prisma } from "../db/prisma";
import { MAX_SANDBOX_BODY_BYTES, serveSandboxRequest } from "./serve-sandbox-request";
import { prismaSandboxStore } from "./prisma-sandbox-store";
import { getSandboxToken, sandboxTenantUrl } from "./sandbox-token";

// The app's sandbox endpoint as the Next.js route serves it: a fetch Request in, a Response out.

const USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";

/** A request body that is produced only as it is read, counting what was pulled. */
function streamingBody(totalBytes: number, prefix: string, suffix: string) {
  const enc = new TextEncoder();
  const state = { pulled: 0 };
  let sent = 0;
  const filler = enc.encode("x".repeat(64 * 1024));
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      let chunk: Uint8Array;
      if (sent === 0) chunk = enc.encode(prefix);
      else if (sent < totalBytes) chunk = filler;
      else if (sent < totalBytes + 1) {
        chunk = enc.encode(suffix);
        sent++;
      } else return controller.close();
      sent += chunk.byteLength;
      state.pulled += chunk.byteLength;
      controller.enqueue(chunk);
    },
  });
  return { stream, state };
}

async function post(path: string, init: { token?: string; body: BodyInit; length?: number }) {
  const headers: Record<string, string> = { "content-type": "application/scim+json" };
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  if (init.length !== undefined) headers["content-length"] = String(init.length);
  return serveSandboxRequest(
    new Request(`${sandboxTenantUrl()}${path}`, {
      method: "POST",
      headers,
      body: init.body,
      duplex: "half",
    } as RequestInit),
  );
}

describe("the sandbox SCIM endpoint's limits", () => {
  beforeEach(async () => {
    await prismaSandboxStore.reset();
  });

  it("checks the token before reading the body", async () => {
    const { stream, state } = streamingBody(15 * 1024 * 1024, '{"schemas":[],"userName":"a","displayName":"', '"}');
    const res = await post("/Users", { token: "not-the-token", body: stream });
    expect(res.status).toBe(401);
    expect(state.pulled).toBeLessThan(256 * 1024); // at most what the stream buffers on its own
  });

  it("refuses a body over the cap with 413, reading no further, and stores nothing", async () => {
    const token = await getSandboxToken();
    const { stream, state } = streamingBody(
      15 * 1024 * 1024,
      `{"schemas":["${USER_SCHEMA}"],"userName":"big@contoso.test","displayName":"`,
      '"}',
    );
    const res = await post("/Users", { token, body: stream });
    expect(res.status).toBe(413);
    expect((await res.json()).detail).toMatch(/larger than 1 MB/);
    expect(state.pulled).toBeLessThan(MAX_SANDBOX_BODY_BYTES + 512 * 1024);
    // A Content-Length over the cap is refused without reading at all.
    const declared = streamingBody(15 * 1024 * 1024, "{", "}");
    expect((await post("/Users", { token, body: declared.stream, length: 15 * 1024 * 1024 })).status).toBe(413);
    expect(declared.state.pulled).toBeLessThan(256 * 1024);
    expect(await prisma.sandboxUser.count()).toBe(0);
  });

  it("refuses an attribute longer than 4,096 characters and text that is not valid Unicode", async () => {
    const token = await getSandboxToken();
    const long = await post("/Users", {
      token,
      body: JSON.stringify({ schemas: [USER_SCHEMA], userName: "long@contoso.test", displayName: "y".repeat(5000) }),
    });
    expect(long.status).toBe(400);
    expect(await long.json()).toMatchObject({
      scimType: "invalidValue",
      detail: expect.stringMatching(/4,096 characters \(at displayName\)/),
    });
    const surrogate = await post("/Users", {
      token,
      body: `{"schemas":["${USER_SCHEMA}"],"userName":"s@contoso.test","displayName":"Bad \\ud800"}`,
    });
    expect(surrogate.status).toBe(400);
    expect((await surrogate.json()).detail).toMatch(/lone UTF-16 surrogate/);
    expect(await prisma.sandboxUser.count()).toBe(0);
    const ok = await post("/Users", {
      token,
      body: JSON.stringify({ schemas: [USER_SCHEMA], userName: "fine@contoso.test", displayName: "Fine" }),
    });
    expect(ok.status).toBe(201);
  });
});
