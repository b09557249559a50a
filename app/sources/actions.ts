"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import type { ActionResult } from "@/lib/action-result";
import { adminAction } from "@/app/_lib/admin-action";
import { createSource, createSourceInput } from "@/lib/sources/create-source";
import { createLdapSource, createLdapSourceInput } from "@/lib/sources/ldap/create-ldap-source";
import { createSourceToken, createSourceTokenInput } from "@/lib/sources/create-source-token";
import { deleteSource, deleteSourceInput } from "@/lib/sources/delete-source";
import { revokeSourceToken, revokeSourceTokenInput } from "@/lib/sources/revoke-source-token";
import { saveSourceAttributeMap, saveSourceAttributeMapInput } from "@/lib/sources/save-source-attribute-map";
import { updateSource, updateSourceInput } from "@/lib/sources/update-source";

function revalidateSources(id?: string) {
  revalidatePath("/sources");
  if (id) revalidatePath(`/sources/${id}`);
}

export async function createSourceAction(formData: FormData): Promise<ActionResult<{ id: string }>> {
  const kind = String(formData.get("kind") ?? "ScimPush");
  const result = await adminAction((actor) =>
    // "Ldap:ActiveDirectory" and "Ldap:OpenLdap": an LDAP source with that preset.
    kind.startsWith("Ldap:")
      ? createLdapSource(createLdapSourceInput.parse({ name: formData.get("name"), preset: kind.slice(5) }), actor)
      : createSource(createSourceInput.parse({ name: formData.get("name"), kind }), actor),
  );
  if (!result.ok) return result;
  revalidateSources();
  redirect(`/sources/${result.data.id}?created=1`);
}

export async function updateSourceAction(formData: FormData): Promise<ActionResult<undefined>> {
  const result = await adminAction(async (actor) => {
    const input = updateSourceInput.parse({
      id: formData.get("id"),
      name: formData.get("name") ?? undefined,
      status: formData.get("status") ?? undefined,
    });
    await updateSource(input, actor);
    return undefined;
  });
  if (result.ok) revalidateSources(String(formData.get("id")));
  return result;
}

export async function deleteSourceAction(id: string): Promise<ActionResult<undefined>> {
  const result = await adminAction(async (actor) => {
    await deleteSource(deleteSourceInput.parse({ id }), actor);
    return undefined;
  });
  if (!result.ok) return result;
  revalidateSources();
  revalidatePath("/directory", "layout");
  redirect("/sources?deleted=1");
}

/** The new token goes to the browser once, in this answer; it is never stored or shown again. */
export async function createSourceTokenAction(
  formData: FormData,
): Promise<ActionResult<{ token: string; prefix: string }>> {
  const result = await adminAction(async (actor) => {
    const input = createSourceTokenInput.parse({ sourceId: formData.get("sourceId"), name: formData.get("name") });
    const { token, prefix } = await createSourceToken(input, actor);
    return { token, prefix };
  });
  if (result.ok) revalidateSources(String(formData.get("sourceId")));
  return result;
}

export async function revokeSourceTokenAction(input: {
  sourceId: string;
  tokenId: string;
}): Promise<ActionResult<undefined>> {
  const result = await adminAction(async (actor) => {
    await revokeSourceToken(revokeSourceTokenInput.parse(input), actor);
    return undefined;
  });
  if (result.ok) revalidateSources(input.sourceId);
  return result;
}

export async function saveSourceAttributeMapAction(
  formData: FormData,
): Promise<ActionResult<{ usersChanged: number }>> {
  const result = await adminAction(async (actor) => {
    const users = z
      .string()
      .max(20_000)
      .transform((text, ctx) => {
        try {
          return JSON.parse(text) as unknown;
        } catch {
          ctx.addIssue({ code: "custom", message: "The mapping could not be read" });
          return z.NEVER;
        }
      })
      .parse(formData.get("users"));
    return saveSourceAttributeMap(
      saveSourceAttributeMapInput.parse({ sourceId: formData.get("sourceId"), users }),
      actor,
    );
  });
  if (result.ok) {
    revalidateSources(String(formData.get("sourceId")));
    revalidatePath("/directory", "layout");
  }
  return result;
}
