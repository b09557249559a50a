import "./test-support/fixed-secret-key";
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createClient } from "@libsql/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prisma } from "../db/prisma";
import { importDirectoryFile } from "../directory/import-directory-file";
import { bindSecretToken } from "../applications/provisioning/bind-secret-token";
import { runCycle } from "../sync/cycle/run-cycle";
import { startSandboxServer, type SandboxServer } from "../sandbox/start-sandbox-server";
import { applyConfiguration } from "./apply-configuration";
import { exportConfiguration } from "./export-configuration";

// Export → apply onto a fresh database gives the same behaviour: the same SCIM operations at a real target.
// Database A is this file's; database B is a new, empty one that only the CLI touches, in processes of its own
// (`provisio import`, `provisio apply`, `provisio sync`), as on another installation. Both get the same
// directory from one Graph JSON file (so objectIds, and the externalIds sent, are the same); B gets the Secret
// Token on its own, since a document never carries it. The sandbox target records every request.

const root = path.resolve(__dirname, "../..");
const TOKEN = "fresh-database-test-token-0123456789";

type Op = { method: string; path: string; body: unknown };
let sandbox: SandboxServer;
let ops: Op[] = [];
let dirB: string;

const directory = {
  value: [
    ...["Ada Lovelace:Sales", "Grace Hopper:Sales", "Alan Turing:Research", "Edsger Dijkstra:Sales"].map((s, i) => {
      const [name, department] = s.split(":") as [string, string];
      const [given, sur] = name.split(" ") as [string, string];
      return {
        "@odata.type": "#microsoft.graph.user",
        id: `00000000-0000-4000-8000-00000000000${i + 1}`,
        userPrincipalName: `${given.toLowerCase()}@fabrikam.test`,
        displayName: name,
        mailNickname: given.toLowerCase(),
        givenName: given,
        surname: sur,
        department,
        accountEnabled: true,
      };
    }),
    {
      "@odata.type": "#microsoft.graph.group",
      id: "00000000-0000-4000-8000-0000000000a1",
      displayName: "Engineering",
      securityEnabled: true,
      mailEnabled: false,
      members: [{ id: "00000000-0000-4000-8000-000000000001" }, { id: "00000000-0000-4000-8000-000000000003" }],
    },
  ],
};

/** The CLI on database B. Asynchronous: the sandbox target it talks to runs in this process. */
function cli(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ["--import", "tsx", path.join(root, "bin/provisio.ts"), ...args],
      {
        cwd: root,
        encoding: "utf8",
        env: {
          ...process.env,
          PROVISIO_DATA_DIR: dirB,
          DATABASE_URL: `file:${path.join(dirB, "provisio.db")}`,
          PROVISIO_DEMO: "false",
        },
        timeout: 120_000,
      },
      (error, stdout, stderr) =>
        resolve({ status: error ? (typeof error.code === "number" ? error.code : null) : 0, stdout, stderr }),
    );
  });
}

/** Requests with the target's ids replaced by the userName or displayName they stand for. */
function normalised(list: Op[]): string[] {
  const names = new Map<string, string>();
  for (const u of sandbox.store.listUsers()) names.set(String(u.id), `user:${String(u.userName)}`);
  for (const g of sandbox.store.listGroups()) names.set(String(g.id), `group:${String(g.displayName)}`);
  const swap = (s: string) => s.replace(/[0-9a-f-]{36}|[A-Za-z0-9_-]{20,}/g, (id) => names.get(id) ?? id);
  return list
    .map((op) => `${op.method} ${swap(op.path.split("?")[0]!)} ${swap(JSON.stringify(op.body ?? null))}`)
    .sort();
}

beforeAll(async () => {
  sandbox = await startSandboxServer({
    token: TOKEN,
    beforeRequest: (req) => {
      if (req.method !== "GET") ops.push(req);
      return undefined;
    },
  });
  dirB = fs.mkdtempSync(path.join(os.tmpdir(), "provisio-fresh-"));
  const client = createClient({ url: `file:${path.join(dirB, "provisio.db")}` });
  for (const name of fs.readdirSync(path.join(root, "prisma/migrations")).sort()) {
    const file = path.join(root, "prisma/migrations", name, "migration.sql");
    if (fs.existsSync(file)) await client.executeMultiple(fs.readFileSync(file, "utf8"));
  }
  client.close();
});

afterAll(async () => {
  await sandbox?.close();
  fs.rmSync(dirB, { recursive: true, force: true });
});

describe("export → apply onto a fresh database", () => {
  it("sends the same operations to the target", { timeout: 240_000 }, async () => {
    const directoryFile = path.join(dirB, "directory.json");
    fs.writeFileSync(directoryFile, JSON.stringify(directory));
    const imported = await importDirectoryFile(
      { fileName: "directory.json", text: JSON.stringify(directory) },
      { actor: "test" },
    );
    expect(imported.status).toBe("imported");

    // Database A: configured through apply itself, from a hand-written change over a new app's defaults.
    const base = await baseDocument();
    const created = await applyConfiguration(
      {
        document: {
          ...base,
          application: { ...base.application, name: "Zscaler Two (fresh database test)" },
          provisioning: { ...base.provisioning, mode: "Automatic", tenantUrl: sandbox.url, rateLimitPerSecond: 0 },
        },
      },
      "test",
    );
    expect(created.created).toBe(true);
    const appId = created.applicationId!;
    const doc = await exportConfiguration(appId);
    doc.scopingFilters.users = [
      { title: "Sales", clauses: [{ attribute: "department", operator: "EQUALS", value: "Sales" }] },
    ];
    doc.mappings.users.push({
      mappingType: "Expression",
      source: 'Join(" / ", [department], [displayName])',
      target: "title",
      defaultValue: null,
      applyOn: "Always",
      matchingPrecedence: null,
    });
    doc.assignments.users = [
      { userPrincipalName: "grace@fabrikam.test", appRole: "User" },
      { userPrincipalName: "edsger@fabrikam.test", appRole: "User" },
    ];
    doc.assignments.groups = [{ displayName: "Engineering", appRole: "User" }];
    await applyConfiguration({ applicationId: appId, document: doc }, "test");
    await prisma.provisioningJob.update({ where: { applicationId: appId }, data: bindSecretToken(TOKEN, sandbox.url) });
    const jobA = await prisma.provisioningJob.findUniqueOrThrow({ where: { applicationId: appId } });
    const summaryA = await runCycle(jobA.id);
    expect(summaryA.status).toBe("Succeeded");
    const opsA = normalised(ops);
    // Ada, Grace and Edsger are in scope (Sales, assigned directly or through Engineering); Alan is not (Research).
    expect(opsA.filter((o) => o.startsWith("POST /Users "))).toHaveLength(3);
    expect(opsA.join("\n")).not.toContain("alan@fabrikam.test");
    expect(opsA.join("\n")).toContain("Sales / Ada Lovelace");

    // Database B, from the exported document, by the CLI.
    const exported = await exportConfiguration(appId);
    const docFile = path.join(dirB, "configuration.json");
    fs.writeFileSync(docFile, JSON.stringify(exported, null, 2));
    const importedB = await cli(["import", directoryFile]);
    expect(importedB.status, importedB.stderr).toBe(0);
    const dry = await cli(["apply", docFile, "--dry-run"]);
    expect(dry.status, dry.stderr).toBe(0);
    expect(JSON.parse(dry.stdout)).toMatchObject({ created: true, dryRun: true, applicationId: null });
    const applied = await cli(["apply", docFile]);
    expect(applied.status, applied.stderr).toBe(0);
    const result = JSON.parse(applied.stdout) as { applicationId: string; changes: { path: string }[] };
    expect(result.changes.map((c) => c.path)).toContain("scopingFilters.users[0]");
    const again = await cli(["apply", docFile]);
    expect(JSON.parse(again.stdout).changes).toEqual([]);

    const exportedB = await cli(["export", result.applicationId]);
    expect(JSON.parse(exportedB.stdout)).toEqual(exported);

    // The Secret Token is entered on B as an admin would on its Provisioning page; then one cycle there.
    const b = createClient({ url: `file:${path.join(dirB, "provisio.db")}` });
    const bound = bindSecretToken(TOKEN, sandbox.url);
    await b.execute({
      sql: "UPDATE ProvisioningJob SET secretTokenEnc = ?, secretTokenOrigin = ? WHERE applicationId = ?",
      args: [bound.secretTokenEnc, bound.secretTokenOrigin, result.applicationId],
    });
    b.close();
    await sandbox.store.reset();
    ops = [];
    const sync = await cli(["sync", result.applicationId]);
    expect(sync.status, sync.stderr).toBe(0);
    expect(normalised(ops)).toEqual(opsA);
  });
});

/** A new Zscaler Two application's document, as export gives it (from a scratch app, then deleted). */
async function baseDocument() {
  const { createApplication } = await import("../applications/create-application");
  const { id } = await createApplication({ templateId: "zscaler-two", name: "Fresh database app" }, "test");
  const doc = await exportConfiguration(id);
  await prisma.application.delete({ where: { id } });
  return doc;
}
