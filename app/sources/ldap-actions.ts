"use server";

import { revalidatePath } from "next/cache";
import type { ActionResult } from "@/lib/action-result";
import { adminAction } from "@/app/_lib/admin-action";
import { ldapMappableAttributes } from "@/lib/sources/ldap/ldap-settings";
import { requestLdapSync, requestLdapSyncInput } from "@/lib/sources/ldap/request-ldap-sync";
import { saveLdapSettings, saveLdapSettingsInput } from "@/lib/sources/ldap/save-ldap-settings";
import {
  testLdapConnection,
  testLdapConnectionInput,
  type LdapConnectionTest,
} from "@/lib/sources/ldap/test-ldap-connection";

const text = (formData: FormData, name: string) => {
  const v = formData.get(name);
  return typeof v === "string" ? v : "";
};

/** The LDAP settings form's fields as the shape ldapSettingsSchema parses (it validates everything). */
function settingsFromForm(formData: FormData) {
  const userMap = ldapMappableAttributes
    .map((directory) => ({ directory, ldap: text(formData, `map.${directory}`).trim() }))
    .filter((m) => m.ldap !== "");
  return {
    preset: text(formData, "preset"),
    url: text(formData, "url"),
    startTls: formData.get("startTls") === "on",
    caCert: text(formData, "caCert"),
    bindDn: text(formData, "bindDn"),
    connectTimeoutSeconds: text(formData, "connectTimeoutSeconds"),
    operationTimeoutSeconds: text(formData, "operationTimeoutSeconds"),
    baseDn: text(formData, "baseDn"),
    userFilter: text(formData, "userFilter"),
    groupFilter: text(formData, "groupFilter"),
    anchorAttribute: text(formData, "anchorAttribute"),
    membership: text(formData, "membership"),
    deltaAttribute: text(formData, "deltaAttribute"),
    groupNameAttribute: text(formData, "groupNameAttribute"),
    intervalSeconds: text(formData, "intervalSeconds"),
    fullReconcileMinutes: text(formData, "fullReconcileMinutes"),
    pageSize: text(formData, "pageSize"),
    userMap,
  };
}

export async function saveLdapSettingsAction(formData: FormData): Promise<ActionResult<undefined>> {
  const result = await adminAction(async (actor) => {
    const input = saveLdapSettingsInput.parse({
      sourceId: text(formData, "sourceId"),
      settings: settingsFromForm(formData),
      bindPassword: text(formData, "bindPassword") || undefined,
    });
    await saveLdapSettings(input, actor);
    return undefined;
  });
  if (result.ok) revalidatePath(`/sources/${text(formData, "sourceId")}`);
  return result;
}

/** Test connection with what the form holds now (the saved password when the field is empty). Saves nothing. */
export async function testLdapConnectionAction(formData: FormData): Promise<ActionResult<LdapConnectionTest>> {
  return adminAction(async () =>
    testLdapConnection(
      testLdapConnectionInput.parse({
        sourceId: text(formData, "sourceId"),
        settings: settingsFromForm(formData),
        bindPassword: text(formData, "bindPassword") || undefined,
      }),
    ),
  );
}

export async function requestLdapSyncAction(input: {
  sourceId: string;
  full: boolean;
}): Promise<ActionResult<undefined>> {
  const result = await adminAction(async (actor) => {
    await requestLdapSync(requestLdapSyncInput.parse(input), actor);
    return undefined;
  });
  if (result.ok) revalidatePath(`/sources/${input.sourceId}`);
  return result;
}
