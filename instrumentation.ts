/**
 * Next.js calls register() once when the server starts. The provisioning scheduler runs in the Node.js
 * runtime only (not on the edge), and startScheduler guards against a second start on dev reloads.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startScheduler } = await import("./lib/jobs/scheduler");
  startScheduler();
  const { startLogPruner } = await import("./lib/logs/start-log-pruner");
  startLogPruner();
}
