import type { z } from "zod";
import { provisionOnDemand, type OnDemandResult, type provisionOnDemandInput } from "../sync/cycle/provision-on-demand";
import { provisionOnDemandOnQueue } from "./queue/on-demand-queue";
import { cyclesOnQueue } from "./queue/queue-mode";

/**
 * Provision on demand from the web app, the REST API or the CLI: in this process when it runs cycles
 * itself (the embedded default), or on a worker through the job queue with PROVISIO_WORKERS=queue
 * (on-demand-queue.ts), where it answers the same result or the same AppError.
 */
export function requestProvisionOnDemand(
  input: z.input<typeof provisionOnDemandInput> & { actor: string },
): Promise<OnDemandResult> {
  return cyclesOnQueue() ? provisionOnDemandOnQueue(input) : provisionOnDemand(input);
}
