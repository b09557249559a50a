import { prisma } from "../db/prisma";
import { env } from "../env";

/**
 * Loads the demo on first start: a living directory and a Zscaler Two application pointed at the built-in
 * sandbox target. Runs only on an empty directory, so an admin's data is never touched.
 */
export async function seedDemo(): Promise<{ seeded: boolean; summary?: string }> {
  if (env().PROVISIO_DEMO === "false") return { seeded: false };
  const existing = await prisma.directoryUser.count();
  if (existing > 0) return { seeded: false };
  const parts: string[] = [];
  // Filled in by lib/directory and lib/applications (see ARCHITECTURE.md).
  return { seeded: parts.length > 0, summary: parts.join(", ") };
}
