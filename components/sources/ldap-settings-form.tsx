"use client";

import type { ActionResult } from "@/lib/action-result";
import { ldapMappableAttributes, type LdapSettings } from "@/lib/sources/ldap/ldap-settings";
import type { LdapConnectionTest } from "@/lib/sources/ldap/test-ldap-connection";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field, Input, Select } from "@/components/ui/field";
import { LdapTestResult } from "./ldap-test-result";
import { useLdapSettingsForm, type LdapSettingsFormState } from "./use-ldap-settings-form";

type TextKey = {
  [K in keyof LdapSettings]: LdapSettings[K] extends string | number ? K : never;
}[keyof LdapSettings];

/** One text field bound to the draft, with its error from the server. */
function TextField({
  form,
  name,
  label,
  hint,
  type = "text",
  mono,
}: {
  form: LdapSettingsFormState;
  name: TextKey;
  label: string;
  hint?: string;
  type?: string;
  mono?: boolean;
}) {
  const id = `ldap-${name}`;
  const error = form.fieldError(name);
  return (
    <Field label={label} htmlFor={id} hint={hint} error={error}>
      <Input
        id={id}
        name={name}
        type={type}
        className={mono ? "font-mono text-xs" : ""}
        value={String(form.draft[name] ?? "")}
        onChange={(e) => form.set(name, (type === "number" ? e.target.value : e.target.value) as never)}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
      />
    </Field>
  );
}

function ConnectionFields({ form, hasPassword }: { form: LdapSettingsFormState; hasPassword: boolean }) {
  const passwordError = form.fieldError("bindPassword");
  return (
    <fieldset className="grid gap-3 sm:grid-cols-2">
      <legend className="mb-2 text-sm font-semibold text-slate-900">Connection</legend>
      <TextField form={form} name="url" label="Server" hint="ldaps://dc1.contoso.com or ldap://ldap.contoso.com:389" />
      <label className="flex items-center gap-2 self-end pb-2 text-sm">
        <input
          type="checkbox"
          name="startTls"
          checked={form.draft.startTls}
          onChange={(e) => form.set("startTls", e.target.checked)}
        />
        Use StartTLS (for ldap://)
      </label>
      <TextField form={form} name="bindDn" label="Bind DN" hint="The account Provisio reads with" mono />
      <Field
        label="Bind password"
        htmlFor="ldap-bindPassword"
        hint={hasPassword ? "Saved. Leave empty to keep it; it is never shown." : "Write-only: stored encrypted."}
        error={passwordError}
      >
        <Input
          id="ldap-bindPassword"
          name="bindPassword"
          type="password"
          autoComplete="new-password"
          placeholder={hasPassword ? "••••••••" : ""}
          aria-invalid={passwordError ? true : undefined}
        />
      </Field>
      <div className="sm:col-span-2">
        <Field
          label="CA certificate (optional, PEM)"
          htmlFor="ldap-caCert"
          hint="Trust this CA for the server's certificate, besides the system's."
          error={form.fieldError("caCert")}
        >
          <textarea
            id="ldap-caCert"
            name="caCert"
            rows={3}
            className="block w-full rounded-md border border-slate-300 px-2.5 py-1.5 font-mono text-xs"
            value={form.draft.caCert}
            onChange={(e) => form.set("caCert", e.target.value)}
          />
        </Field>
      </div>
      <TextField form={form} name="connectTimeoutSeconds" label="Connect timeout (s)" type="number" />
      <TextField form={form} name="operationTimeoutSeconds" label="Operation timeout (s)" type="number" />
    </fieldset>
  );
}

function ReadFields({ form }: { form: LdapSettingsFormState }) {
  const d = form.draft;
  return (
    <fieldset className="grid gap-3 sm:grid-cols-2">
      <legend className="mb-2 text-sm font-semibold text-slate-900">What to read</legend>
      <Field label="Preset" htmlFor="ldap-preset" hint="Fills the filters, anchor, delta attribute and attribute map">
        <Select
          id="ldap-preset"
          name="preset"
          value={d.preset}
          onChange={(e) => form.applyPreset(e.target.value as never)}
        >
          <option value="ActiveDirectory">Active Directory</option>
          <option value="OpenLdap">OpenLDAP</option>
        </Select>
      </Field>
      <TextField form={form} name="baseDn" label="Base DN" mono />
      <TextField form={form} name="userFilter" label="User filter" mono />
      <TextField form={form} name="groupFilter" label="Group filter" hint="Empty: no groups" mono />
      <TextField form={form} name="anchorAttribute" label="Anchor (immutable id)" hint="objectGUID or entryUUID" mono />
      <TextField form={form} name="groupNameAttribute" label="Group name attribute" mono />
      <Field label="Membership" htmlFor="ldap-membership">
        <Select
          id="ldap-membership"
          name="membership"
          value={d.membership}
          onChange={(e) => form.set("membership", e.target.value as never)}
        >
          <option value="memberDn">Group member / uniqueMember (by DN)</option>
          <option value="memberOf">User memberOf</option>
        </Select>
      </Field>
      <Field label="Changed entries by" htmlFor="ldap-deltaAttribute">
        <Select
          id="ldap-deltaAttribute"
          name="deltaAttribute"
          value={d.deltaAttribute}
          onChange={(e) => form.set("deltaAttribute", e.target.value as never)}
        >
          <option value="modifyTimestamp">modifyTimestamp (OpenLDAP)</option>
          <option value="uSNChanged">uSNChanged (Active Directory)</option>
        </Select>
      </Field>
      <TextField form={form} name="intervalSeconds" label="Delta read every (seconds)" type="number" />
      <TextField
        form={form}
        name="fullReconcileMinutes"
        label="Full reconcile every (minutes)"
        type="number"
        hint="Notices deletions and moves out of the base DN"
      />
      <TextField form={form} name="pageSize" label="Page size" type="number" />
    </fieldset>
  );
}

function MapFields({ form }: { form: LdapSettingsFormState }) {
  return (
    <fieldset>
      <legend className="mb-2 text-sm font-semibold text-slate-900">Attribute mapping</legend>
      <p className="mb-2 text-xs text-slate-500">
        The LDAP attribute each directory attribute takes its value from; empty leaves it unmapped. accountEnabled comes
        from userAccountControl (bit 2 set: disabled).
      </p>
      {form.fieldError("userMap") ? <Alert tone="error">{form.fieldError("userMap")}</Alert> : null}
      <div className="grid gap-x-4 gap-y-2 sm:grid-cols-3">
        {ldapMappableAttributes.map((directory) => (
          <label key={directory} className="grid grid-cols-[9rem_1fr] items-center gap-2 text-xs">
            <span className="font-mono text-slate-700">{directory}</span>
            <Input
              name={`map.${directory}`}
              aria-label={`LDAP attribute for ${directory}`}
              className="font-mono text-xs"
              value={form.mapValue(directory)}
              onChange={(e) => form.setMap(directory, e.target.value)}
            />
          </label>
        ))}
      </div>
    </fieldset>
  );
}

/** An LDAP source's connection, what it reads, the attribute map and the interval; Test connection and Save. */
export function LdapSettingsForm(props: {
  sourceId: string;
  initial: LdapSettings;
  hasPassword: boolean;
  saveAction: (formData: FormData) => Promise<ActionResult<undefined>>;
  testAction: (formData: FormData) => Promise<ActionResult<LdapConnectionTest>>;
}) {
  const form = useLdapSettingsForm(props);
  const { save } = form;
  return (
    <form ref={form.formRef} onSubmit={save.onSubmit} noValidate className="space-y-6" aria-label="LDAP settings">
      <input type="hidden" name="sourceId" value={props.sourceId} />
      <ConnectionFields form={form} hasPassword={props.hasPassword} />
      <ReadFields form={form} />
      <MapFields form={form} />
      <div className="flex flex-wrap items-center gap-2">
        <Button type="button" onClick={form.runTest} disabled={form.testing || !save.ready}>
          {form.testing ? "Testing…" : "Test connection"}
        </Button>
        <Button type="submit" variant="primary" disabled={save.pending || !save.ready}>
          {save.pending ? "Saving…" : "Save"}
        </Button>
      </div>
      <LdapTestResult result={form.test} />
      {save.result?.ok ? <Alert tone="success">Settings saved. The next sync starts in a moment.</Alert> : null}
      {save.result && !save.result.ok ? <Alert tone="error">{save.result.error}</Alert> : null}
    </form>
  );
}
