import { env } from "../../env";

/**
 * Whether cycles run on the job queue (PROVISIO_WORKERS=queue, PostgreSQL only; lib/env.ts refuses it on
 * SQLite): schedulers enqueue, `npm run worker` processes run. Otherwise the web server runs them.
 */
export function cyclesOnQueue(): boolean {
  return env().PROVISIO_WORKERS === "queue";
}
