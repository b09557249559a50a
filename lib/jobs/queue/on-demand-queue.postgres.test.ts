import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseKind } from "../../db/database-kind";
import { prisma } from "../../db/prisma";
import { AppError } from "../../errors";
import { startSandboxServer, type SandboxServer } from "../../sandbox/start-sandbox-server";
import { assign, makeApp, makeGroup, makeUser } from "../../sync/test-support/engine-fixtures";
import { cycleQueue, ON_DEMAND_QUEUE, stopCycleQueue } from "./cycle-queue";
import { provisionOnDemandOnQueue } from "./on-demand-queue";
import { runCli, startWorker, waitFor, type QueueProcess } from "./test-support/queue-processes";

/**
 * Provision on demand with PROVISIO_WORKERS=queue: this process (as a web server would) sends the request
 * and waits; a worker process (`npm run worker`) runs it against a real SCIM sandbox. Collected on
 * PostgreSQL runs only (vitest.config.ts).
 */
const TOKEN = "on-demand-queue-token";
let target: SandboxServer;
let worker: QueueProcess | undefined;

async function rejection(p: Promise<unknown>): Promise<AppError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(AppError);
  return e as AppError;
}

beforeAll(async () => {
  expect(databaseKind()).toBe("postgres");
  target = await startSandboxServer({ token: TOKEN });
});

afterAll(async () => {
  worker?.child.kill("SIGKILL");
  await worker?.exited;
  await stopCycleQueue({ graceful: false, timeoutMs: 1_000 });
  await target?.close();
});

describe("provision on demand on the job queue", () => {
  it("fails with on_demand.no_worker when no worker takes the request, and leaves nothing queued", async () => {
    const { appId, jobId } = await makeApp({ url: target.url, token: TOKEN });
    const u = await makeUser("Nobody", "Listening");
    await assign(appId, "User", u.id);
    const started = Date.now();
    const e = await rejection(
      provisionOnDemandOnQueue(
        { jobId, objectType: "User", sourceId: u.id, actor: "test" },
        { pickupTimeoutMs: 1_500 },
      ),
    );
    expect(e.code).toBe("on_demand.no_worker");
    expect(e.message).toMatch(/npm run worker/);
    expect(Date.now() - started).toBeLessThan(5_000);
    const boss = await cycleQueue();
    expect(await boss.getQueueSize(ON_DEMAND_QUEUE)).toBe(0);
    expect(target.store.findUserByUserName(u.upn)).toBeUndefined();
    expect(await prisma.cycle.count({ where: { jobId } })).toBe(0);
  });

  it("provisions a user on a worker, with its steps, and brings the worker's AppErrors back typed", async () => {
    worker = startWorker();
    await waitFor("the worker to start", async () => /"worker":/.test(worker!.output()), 30_000);

    const { appId, jobId } = await makeApp({ url: target.url, token: TOKEN });
    const u = await makeUser("Queued", "Demand");
    await assign(appId, "User", u.id);
    const r = await provisionOnDemandOnQueue({ jobId, objectType: "User", sourceId: u.id, actor: "test" });
    expect(r.status).toBe("Succeeded");
    expect(r.object?.action).toBe("Create");
    expect(r.object?.steps.map((s) => s.step)).toEqual(["Import", "Scope", "Match", "Action"]);
    expect(r.counts.created).toBe(1);
    const created = target.store.findUserByUserName(u.upn);
    expect(created).toBeDefined();
    expect(r.object?.targetId).toBe(created?.id);
    // The worker wrote the cycle (type OnDemand) and the audit event; the queue job is gone.
    const cycle = await prisma.cycle.findUniqueOrThrow({ where: { id: r.cycleId } });
    expect(cycle).toMatchObject({ jobId, type: "OnDemand", status: "Succeeded", created: 1 });
    expect(await prisma.auditEvent.count({ where: { action: "provisioning.on_demand", actor: "test" } })).toBe(1);
    const boss = await cycleQueue();
    expect(await boss.getQueueSize(ON_DEMAND_QUEUE, { before: "completed" })).toBe(0);

    // Errors the worker throws come back with their code, message and field errors.
    const missing = await rejection(
      provisionOnDemandOnQueue({ jobId, objectType: "User", sourceId: "no-such-user", actor: "test" }),
    );
    expect(missing).toMatchObject({ code: "on_demand.not_found", message: "That user is not in the directory." });
    const big = await makeGroup(
      "Queued big group",
      (await Promise.all([1, 2, 3, 4, 5, 6].map((i) => makeUser("Queued", `Member${i}`)))).map((m) => m.id),
    );
    await assign(appId, "Group", big.id);
    const tooMany = await rejection(
      provisionOnDemandOnQueue({ jobId, objectType: "Group", sourceId: big.id, actor: "test" }),
    );
    expect(tooMany.code).toBe("on_demand.too_many_members");
    expect(tooMany.message).toMatch(/6 members\. Choose up to 5/);
    expect(tooMany.fieldErrors).toEqual({ memberIds: "Choose up to 5 members" });
    // A request a worker takes after its caller gave up (here: 1 ms to be taken) is refused, not run.
    const late = await makeUser("Taken", "Late");
    await assign(appId, "User", late.id);
    const lateId = await boss.send(ON_DEMAND_QUEUE, {
      input: { jobId, objectType: "User", sourceId: late.id, actor: "test" },
      pickupTimeoutMs: 1,
    });
    await waitFor(
      "the late request to be answered",
      async () => (await boss.getJobById(ON_DEMAND_QUEUE, lateId!))?.state === "completed",
    );
    expect((await boss.getJobById(ON_DEMAND_QUEUE, lateId!))?.output).toMatchObject({
      ok: false,
      error: { code: "on_demand.no_worker" },
    });
    expect(target.store.findUserByUserName(late.upn)).toBeUndefined();
    // Invalid input is refused here, before anything is queued, as without workers.
    await expect(provisionOnDemandOnQueue({ jobId, objectType: "User", sourceId: " ", actor: "test" })).rejects.toThrow(
      /Choose a user or group/,
    );

    // The CLI goes through the queue too, and exits when done (it stops its job queue).
    const cliUser = await makeUser("Cli", "Queued");
    await assign(appId, "User", cliUser.id);
    const cli = runCli(["on-demand", appId, cliUser.upn]);
    expect((await cli.exited).code).toBe(0);
    expect(JSON.parse(cli.output().slice(cli.output().indexOf("{")))).toMatchObject({ status: "Succeeded" });
    expect(target.store.findUserByUserName(cliUser.upn)).toBeDefined();
    const cliCycle = await prisma.cycle.findFirstOrThrow({
      where: { jobId, type: "OnDemand" },
      orderBy: { startedAt: "desc" },
    });
    expect(cliCycle.created).toBe(1);
    expect(worker.output()).not.toMatch(/Job queue:/);
  }, 60_000);
});
