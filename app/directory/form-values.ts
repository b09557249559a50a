import { optionalUserAttributeNames } from "@/lib/directory/directory-schemas";

// Turns a submitted form into the attribute object the directory operations parse with zod.
function text(formData: FormData, name: string): string | undefined {
  const v = formData.get(name);
  return typeof v === "string" ? v : undefined;
}

export function userFormValues(formData: FormData): Record<string, unknown> {
  const values: Record<string, unknown> = {
    userPrincipalName: text(formData, "userPrincipalName") ?? "",
    displayName: text(formData, "displayName") ?? "",
    mailNickname: text(formData, "mailNickname"),
  };
  for (const name of optionalUserAttributeNames) values[name] = text(formData, name);
  if (formData.has("accountEnabledPresent")) values.accountEnabled = formData.get("accountEnabled") === "on";
  return values;
}

export function groupFormValues(formData: FormData): Record<string, unknown> {
  return {
    displayName: text(formData, "displayName") ?? "",
    mailNickname: text(formData, "mailNickname"),
    description: text(formData, "description"),
    mail: text(formData, "mail"),
    securityEnabled: formData.get("securityEnabled") === "on",
    mailEnabled: formData.get("mailEnabled") === "on",
  };
}
