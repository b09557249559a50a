import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApplication } from "../applications/create-application";
import { forgetParsedEnv } from "../env";
import { prisma } from "../db/prisma";
import { AppError } from "../errors";
import { encryptSecret } from "../secrets/secret-box";
import { discoverTargetSchema } from "./discover-target-schema";

// Only 127.0.0.1 is an allowed target host here; "localhost" (the same machine) is not.
process.env.PROVISIO_ALLOWED_TARGET_HOSTS = "127.0.0.1";
// The test setup has read the environment already (the database URL): read it again with the list.
forgetParsedEnv();

const TOKEN = "discovery-limits-token";

/** A target that answers every request with `answer`, and remembers what it was asked and how much it sent. */
type Target = {
  url: string;
  requests: string[];
  sent: () => number;
  closed: Promise<void>;
  close: () => Promise<void>;
};

async function startTarget(
  answer: (res: http.ServerResponse, count: (n: number) => void) => void,
  host?: string,
): Promise<Target> {
  const requests: string[] = [];
  let sent = 0;
  let markClosed = () => {};
  const closed = new Promise<void>((resolve) => (markClosed = resolve));
  const server = http.createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    res.on("close", markClosed);
    answer(res, (n) => (sent += n));
  });
  // Without a host the server listens on every address, IPv4 and IPv6: "localhost" reaches it either way.
  await new Promise<void>((resolve) => (host ? server.listen(0, host, resolve) : server.listen(0, resolve)));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host ?? "localhost"}:${port}/scim/v2`,
    requests,
    sent: () => sent,
    closed,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Streams a /Schemas answer of `total` bytes as fast as the client reads it (respecting backpressure). */
function streamJson(total: number) {
  return (res: http.ServerResponse, count: (n: number) => void) => {
    res.writeHead(200, { "content-type": "application/scim+json" });
    const chunk = Buffer.alloc(64 * 1024, " ");
    let left = total;
    const pump = () => {
      while (left > 0 && !res.destroyed) {
        left -= chunk.length;
        count(chunk.length);
        if (!res.write(chunk)) return void res.once("drain", pump);
      }
      res.end();
    };
    res.write('{"Resources":[');
    pump();
  };
}

let applicationId: string;
let jobId: string;
const targets: Target[] = [];

async function pointJobAt(target: Target) {
  targets.push(target);
  await prisma.provisioningJob.update({
    where: { id: jobId },
    data: {
      tenantUrl: target.url,
      secretTokenEnc: encryptSecret(TOKEN),
      secretTokenOrigin: new URL(target.url).origin,
    },
  });
}

async function discoveryError(opts?: { timeoutMs?: number }): Promise<AppError> {
  const e = await discoverTargetSchema({ applicationId, objectType: "User" }, "admin", opts).then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(AppError);
  return e as AppError;
}

beforeAll(async () => {
  ({ id: applicationId } = await createApplication({ templateId: "scim-2", name: "Discovery limits" }, "admin"));
  ({ id: jobId } = await prisma.provisioningJob.findUniqueOrThrow({ where: { applicationId } }));
});
afterAll(async () => {
  await Promise.all(targets.map((t) => t.close()));
});

describe("schema discovery against a misbehaving target", () => {
  it("stops reading an oversized /Schemas answer at 5 MB and says why", async () => {
    const total = 256 * 1024 * 1024;
    const target = await startTarget(streamJson(total), "127.0.0.1");
    await pointJobAt(target);
    const before = await prisma.targetAttribute.count({ where: { jobId } });
    const e = await discoveryError();
    expect(e.code).toBe("discovery.too_large");
    expect(e.message).toMatch(/larger than 5 MB/);
    await target.closed;
    // Cut off after the cap (plus what socket buffers held), not read to the end: memory stays bounded.
    expect(target.sent()).toBeLessThan(16 * 1024 * 1024);
    expect(await prisma.targetAttribute.count({ where: { jobId } })).toBe(before);
  });

  it("gives up on a target that never finishes its answer", async () => {
    const target = await startTarget((res) => {
      res.writeHead(200, { "content-type": "application/scim+json" });
      res.write('{"Resources":['); // and nothing more
    }, "127.0.0.1");
    await pointJobAt(target);
    const e = await discoveryError({ timeoutMs: 500 });
    expect(e.code).toBe("discovery.timeout");
    expect(e.message).toMatch(/did not finish its answer within 0.5 seconds/);
  });

  it("does not follow a redirect, so the token goes nowhere else", async () => {
    const elsewhere = await startTarget((res) => res.writeHead(200).end("{}"), "127.0.0.1");
    targets.push(elsewhere);
    const target = await startTarget(
      (res) => res.writeHead(302, { location: `${elsewhere.url}/Schemas` }).end(),
      "127.0.0.1",
    );
    await pointJobAt(target);
    const e = await discoveryError();
    expect(e.code).toBe("discovery.redirect");
    expect(e.message).toMatch(/redirected the request \(HTTP 302\)/);
    expect(target.requests).toEqual(["GET /scim/v2/Schemas"]);
    expect(elsewhere.requests).toEqual([]);
  });

  it("sends nothing to a host outside PROVISIO_ALLOWED_TARGET_HOSTS", async () => {
    const target = await startTarget(streamJson(1024));
    await pointJobAt(target);
    expect(target.url).toContain("//localhost:");
    const e = await discoveryError();
    expect(e.code).toBe("target.host_not_allowed");
    expect(e.message).toMatch(/localhost is not in this server's list of allowed targets/);
    expect(target.requests).toEqual([]);
  });
});
