/**
 * Next.js calls register() once when the server starts. The provisioning scheduler runs in the Node.js
 * runtime only (not on the edge), and startScheduler guards against a second start on dev reloads.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  // Before any request: the sign-in limits need the TCP peer's address, which Next does not pass on, and a
  // client that disconnects is not a server error (lib/http/server-request-hook.ts).
  const { installServerRequestHook } = await import("./lib/http/server-request-hook");
  installServerRequestHook();
  const { startScheduler } = await import("./lib/jobs/scheduler");
  startScheduler();
  // LDAP sources read their directories on their own intervals (lib/sources/ldap).
  const { startLdapSyncScheduler } = await import("./lib/sources/ldap/ldap-sync-scheduler");
  startLdapSyncScheduler();
  // Log retention and idle rate buckets, hourly (workers run it too).
  const { startHousekeeping } = await import("./lib/housekeeping/start-housekeeping");
  startHousekeeping();
}
