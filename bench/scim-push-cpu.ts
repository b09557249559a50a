/**
 * CPU per SCIM push, in one process and without HTTP: `npx tsx bench/scim-push-cpu.ts [pushes]` (default 2,000).
 * serveScimPushRequest is called with fetch Requests, eight at a time, on a fresh SQLite database; the figure
 * is this process's CPU (main and database threads) per POST /Users after a warm-up. It isolates Provisio's
 * own request path from the HTTP layer, the target and the load generator that `npm run bench:push` includes,
 * so that a change to the path can be compared before and after in one sitting.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { migrateDatabase } from "./migrate-database";

async function main() {
  const n = Number(process.argv[2] ?? 2000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "provisio-push-probe-"));
  const env = {
    DATABASE_URL: `file:${path.join(dir, "provisio.db")}`,
    PROVISIO_DATA_DIR: dir,
    PROVISIO_DEMO: "false",
    PROVISIO_SECRET_KEY: crypto.randomBytes(32).toString("base64"),
    NODE_ENV: "production",
  };
  Object.assign(process.env, env);
  await migrateDatabase(env.DATABASE_URL);
  const { createSource } = await import("../lib/sources/create-source");
  const { createSourceToken } = await import("../lib/sources/create-source-token");
  const { serveScimPushRequest } = await import("../lib/sources/scim/serve-scim-push-request");
  const { id: sourceId } = await createSource({ name: "Probe", kind: "ScimPush" }, "bench");
  const { token } = await createSourceToken({ sourceId, name: "probe" }, "bench");
  const base = `http://127.0.0.1:1/scim/v2/${sourceId}`;
  const post = (i: number) =>
    serveScimPushRequest(
      new Request(`${base}/Users`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/scim+json" },
        body: JSON.stringify({
          schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
          userName: `u${i}@probe.test`,
          externalId: `ext-${i}`,
          active: true,
          displayName: `User ${i}`,
          name: { givenName: "User", familyName: String(i) },
          emails: [{ value: `u${i}@probe.test`, type: "work", primary: true }],
          title: "Engineer",
          "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {
            department: "R&D",
            employeeNumber: String(i),
          },
        }),
      }),
    ).then(async (r) => {
      if (r.status !== 201) throw new Error(`${r.status} ${await r.text()}`);
    });
  for (let i = 0; i < 200; i++) await post(-1 - i); // warm-up
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < n) await post(next++);
    }),
  );
  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  console.log(
    JSON.stringify({
      n,
      wallMs: Math.round(wall),
      perSecond: Math.round((n / wall) * 1000),
      cpuUsPerPush: Math.round((cpu.user + cpu.system) / n),
    }),
  );
  process.exit(0);
}
void main();
