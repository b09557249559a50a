import { z } from "zod";
import { Prisma } from "@prisma/client";
import { prisma } from "../db/prisma";
import { AppError, isAppError } from "../errors";
import { assignPrincipalInTx } from "./assign-principal";
import { findApplicationOrThrow } from "./find-application-or-throw";
import { principalTypeSchema } from "./principal-type";
import { resolveAppRole } from "./resolve-app-role";

/** At most this many users and groups in one assignment (Entra's dialog takes a page of them, not a directory). */
const MAX_PRINCIPALS_PER_ASSIGNMENT = 100;

const principalRef = z.object({ principalType: principalTypeSchema, principalId: z.string().trim().min(1) });

export const assignPrincipalsInput = z.object({
  applicationId: z.string().min(1),
  principals: z
    .array(principalRef)
    .min(1, "Choose at least one user or group")
    .max(MAX_PRINCIPALS_PER_ASSIGNMENT, `Choose at most ${MAX_PRINCIPALS_PER_ASSIGNMENT} users and groups at a time`)
    .refine((ps) => new Set(ps.map(principalKey)).size === ps.length, "A user or group is chosen twice"),
  appRole: z.string().trim().min(1, "Choose an app role"),
});

/** How a chosen principal is named in field errors: `User:<id>` or `Group:<id>`. */
export function principalKey(p: { principalType: string; principalId: string }): string {
  return `${p.principalType}:${p.principalId}`;
}

/**
 * Assigns several directory users and groups to an application with one app role, as Entra's assignment
 * dialog does: all in one transaction (one audit entry and one change row per assignment), or none. Every
 * principal that cannot be assigned is named, with its reason, in one error (field errors keyed by
 * `principalKey`), so the admin fixes the whole selection at once.
 */
export async function assignPrincipals(
  input: z.input<typeof assignPrincipalsInput>,
  actor: string,
): Promise<{ ids: string[]; role: string }> {
  const { applicationId, principals, appRole } = assignPrincipalsInput.parse(input);
  try {
    return await prisma.$transaction(async (tx) => {
      // The application and the role are the same for every principal: a problem there is one error.
      const app = await findApplicationOrThrow(tx, applicationId);
      const role = resolveAppRole(app.templateId, appRole);
      const ids: string[] = [];
      const problems: { key: string; error: AppError }[] = [];
      for (const p of principals) {
        try {
          ids.push((await assignPrincipalInTx(tx, { applicationId, ...p, appRole: role }, actor)).id);
        } catch (e) {
          // Checks fail before anything of that principal is written, so the others may go on.
          if (!isAppError(e)) throw e;
          problems.push({ key: principalKey(p), error: e });
        }
      }
      if (problems.length > 0) throw batchError(problems, principals.length);
      return { ids, role };
    });
  } catch (e) {
    // Another admin assigned one of them at the same moment: the unique index decides.
    if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002") {
      throw new AppError(
        "assignment.duplicate",
        "Nothing was assigned: one of these users or groups was assigned by someone else just now. Reload the page and try again.",
      );
    }
    throw e;
  }
}

/** One error for the whole selection; its code is the first problem's (the status follows it). */
function batchError(problems: { key: string; error: AppError }[], chosen: number): AppError {
  const first = problems[0]!.error;
  const fieldErrors = Object.fromEntries(problems.map((p) => [p.key, p.error.message]));
  if (chosen === 1) return new AppError(first.code, first.message, fieldErrors);
  const listed = problems.map((p) => p.error.message).join(" ");
  const count = problems.length === 1 ? "1 of them cannot" : `${problems.length} of them cannot`;
  return new AppError(
    first.code,
    `Nothing was assigned: you chose ${chosen} users and groups, and ${count} be assigned. ${listed}`,
    fieldErrors,
  );
}
