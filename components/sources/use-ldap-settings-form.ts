"use client";

import { useRef, useState, useTransition } from "react";
import type { ActionResult } from "@/lib/action-result";
import { LDAP_PRESETS, type LdapPreset, type LdapSettings } from "@/lib/sources/ldap/ldap-settings";
import type { LdapConnectionTest } from "@/lib/sources/ldap/test-ldap-connection";
import { useActionSubmit } from "@/components/directory/use-action-submit";

/** The LDAP settings form's draft: a preset fills the filters, anchor, delta attribute and attribute map. */
export function useLdapSettingsForm(opts: {
  initial: LdapSettings;
  saveAction: (formData: FormData) => Promise<ActionResult<undefined>>;
  testAction: (formData: FormData) => Promise<ActionResult<LdapConnectionTest>>;
}) {
  const [draft, setDraft] = useState<LdapSettings>(opts.initial);
  const save = useActionSubmit(opts.saveAction);
  const [testing, startTest] = useTransition();
  const [test, setTest] = useState<ActionResult<LdapConnectionTest> | null>(null);
  const formRef = useRef<HTMLFormElement | null>(null);
  const set = <K extends keyof LdapSettings>(key: K, value: LdapSettings[K]) =>
    setDraft((d) => ({ ...d, [key]: value }));
  const applyPreset = (preset: LdapPreset) =>
    setDraft((d) => ({ ...d, preset, ...structuredClone(LDAP_PRESETS[preset]) }));
  const mapValue = (directory: string) => draft.userMap.find((m) => m.directory === directory)?.ldap ?? "";
  const setMap = (directory: LdapSettings["userMap"][number]["directory"], ldap: string) =>
    setDraft((d) => {
      const rest = d.userMap.filter((m) => m.directory !== directory);
      return { ...d, userMap: ldap === "" ? rest : [...rest, { directory, ldap }] };
    });
  const runTest = () => {
    if (!formRef.current) return;
    const formData = new FormData(formRef.current);
    startTest(async () => {
      try {
        setTest(await opts.testAction(formData));
      } catch {
        setTest({ ok: false, error: "The server could not be reached; try again." });
      }
    });
  };
  const fieldError = (name: string) => save.fieldError(`settings.${name}`) ?? save.fieldError(name);
  return { draft, set, applyPreset, mapValue, setMap, save, fieldError, formRef, testing, test, runTest };
}

export type LdapSettingsFormState = ReturnType<typeof useLdapSettingsForm>;
