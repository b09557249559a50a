import type { Application } from "@prisma/client";
import type { Tx } from "../db/prisma";
import { AppError } from "../errors";

/** Loads an application inside a transaction, or fails with a message an admin can act on. */
export async function findApplicationOrThrow(tx: Tx, applicationId: string): Promise<Application> {
  const app = await tx.application.findUnique({ where: { id: applicationId } });
  if (!app) throw new AppError("application.not_found", "This application no longer exists. It may have been deleted.");
  return app;
}
