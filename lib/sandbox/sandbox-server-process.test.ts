import { spawn } from "node:child_process";
import path from "node:path";
import readline from "node:readline";
import { describe, expect, it } from "vitest";

// scripts/sandbox-server.ts as a separate process, the way engine tests and benchmarks use it.

const root = path.resolve(__dirname, "../..");

function startProcess(args: string[]) {
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/sandbox-server.ts", ...args], {
    cwd: root,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (d) => (stderr += String(d)));
  const firstLine = new Promise<string>((resolve, reject) => {
    const lines = readline.createInterface({ input: child.stdout });
    lines.once("line", resolve);
    child.once("exit", (code) => reject(new Error(`exited with ${code}: ${stderr}`)));
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, firstLine, exited, stderr: () => stderr };
}

describe("scripts/sandbox-server.ts", () => {
  it("prints {url, pid} when listening, serves SCIM with the given token and rate limit, and stops on SIGTERM", async () => {
    const proc = startProcess(["--port", "0", "--token", "process-token", "--rate-limit", "1000"]);
    const info = JSON.parse(await proc.firstLine) as { url: string; pid: number };
    expect(info.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/scim\/v2$/);
    expect(info.pid).toBe(proc.child.pid);

    const created = await fetch(`${info.url}/Users`, {
      method: "POST",
      headers: { Authorization: "Bearer process-token", "Content-Type": "application/scim+json" },
      body: JSON.stringify({ schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], userName: "proc@example.com" }),
    });
    expect(created.status).toBe(201);
    expect((await fetch(`${info.url}/Users`, { headers: { Authorization: "Bearer wrong" } })).status).toBe(401);

    process.kill(info.pid, "SIGTERM");
    expect(await proc.exited).toBe(0);
  }, 60_000);

  it("generates a token when none is given and refuses unknown flags", async () => {
    const proc = startProcess([]);
    const info = JSON.parse(await proc.firstLine) as { url: string; pid: number; token: string };
    expect(info.token.length).toBeGreaterThanOrEqual(24);
    expect(
      (await fetch(`${info.url}/ServiceProviderConfig`, { headers: { Authorization: `Bearer ${info.token}` } })).status,
    ).toBe(200);
    process.kill(info.pid, "SIGTERM");
    expect(await proc.exited).toBe(0);

    const bad = startProcess(["--nope"]);
    await expect(bad.firstLine).rejects.toThrow(/Unknown option --nope/);
  }, 60_000);
});
