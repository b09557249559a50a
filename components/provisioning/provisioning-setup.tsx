"use client";

import { SendTestEmailButton } from "@/components/notify/send-test-email-button";
import Link from "next/link";
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from "react";
import { useMutation } from "@tanstack/react-query";
import type { ActionResult } from "@/lib/action-result";
import type { ProvisioningConfigView } from "@/lib/applications/provisioning/get-provisioning-config";
import type { SaveProvisioningConfigInput } from "@/lib/applications/provisioning/save-provisioning-config";
import type { CredentialsTestView } from "@/lib/applications/provisioning/test-credentials";
import { Alert } from "@/components/ui/alert";
import { Button, buttonClass } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field, Input, Select } from "@/components/ui/field";
import { ProvisioningStatusBadge } from "@/components/applications/provisioning-status-badge";
import { SetupChecklist } from "./setup-checklist";
import { MappingsTable } from "./mappings-table";
import { useCanChange } from "@/components/ui/role-context";
import { ReadOnlyNote } from "@/components/ui/read-only";

// FormData, so the token is not in a server-function argument the dev server would log.
type SaveAction = (form: FormData) => Promise<ActionResult<ProvisioningConfigView>>;
type TestAction = (
  form: FormData,
) => Promise<ActionResult<{ test: CredentialsTestView; config: ProvisioningConfigView }>>;

function toFormData(values: Record<string, string | boolean>): FormData {
  const data = new FormData();
  for (const [key, value] of Object.entries(values)) data.set(key, String(value));
  return data;
}

type FormState = {
  mode: "Manual" | "Automatic";
  tenantUrl: string;
  /** A new token typed by the admin; "" keeps the saved one. Lives only in this browser tab until saved. */
  secretToken: string;
  replacingToken: boolean;
  notificationEmail: string;
  sendOnFailure: boolean;
  scope: "AssignedOnly" | "All";
  preventAccidentalDeletion: boolean;
  deletionThreshold: string;
  skipOutOfScopeDeletions: boolean;
  enabled: boolean;
};

function formFrom(view: ProvisioningConfigView): FormState {
  return {
    mode: view.mode,
    tenantUrl: view.tenantUrl,
    secretToken: "",
    replacingToken: !view.hasSecretToken || view.secretTokenUnreadable,
    notificationEmail: view.notificationEmail,
    sendOnFailure: view.sendOnFailure,
    scope: view.scope,
    preventAccidentalDeletion: view.preventAccidentalDeletion,
    deletionThreshold: String(view.deletionThreshold),
    skipOutOfScopeDeletions: view.skipOutOfScopeDeletions,
    enabled: view.enabled,
  };
}

function isDirty(form: FormState, view: ProvisioningConfigView): boolean {
  const saved = formFrom(view);
  return (Object.keys(saved) as (keyof FormState)[]).some((k) => k !== "replacingToken" && form[k] !== saved[k]);
}

const utc = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });
const when = (iso: string) => `${utc.format(new Date(iso))} UTC`;

/** The Provisioning tab: Entra's setup page, one form saved all or nothing, with Test Connection and a checklist. */
const linkButton = buttonClass("secondary");

export function ProvisioningSetup({
  initial,
  actions,
}: {
  initial: ProvisioningConfigView;
  actions: { save: SaveAction; test: TestAction };
}) {
  // Readers see the saved configuration with every field disabled and no Save, Test Connection or Replace.
  const readOnly = !useCanChange();
  const [view, setView] = useState(initial);
  const [form, setForm] = useState(() => formFrom(initial));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [savedNotice, setSavedNotice] = useState(false);
  const [test, setTest] = useState<{ result: CredentialsTestView; tenantUrl: string; secretToken: string } | null>(
    null,
  );
  const [testError, setTestError] = useState<string | null>(null);

  const dirty = isDirty(form, view);
  // "Replace" moves focus into the new token field.
  const focusToken = useRef(false);
  // After a refused save, take the admin to the first field that needs attention.
  const focusFirstError = useRef(false);
  useEffect(() => {
    if (!focusFirstError.current) return;
    focusFirstError.current = false;
    const order = ["mode", "tenantUrl", "secretToken", "notificationEmail", "scope", "deletionThreshold", "enabled"];
    const first = order.find((k) => errors[k]);
    if (!first) return;
    const target =
      first === "enabled" ? document.getElementById("provisioning-status") : document.getElementById(first);
    target?.scrollIntoView({ block: "center" });
    if (target instanceof HTMLInputElement || target instanceof HTMLSelectElement)
      target.focus({ preventScroll: true });
  }, [errors]);
  const automatic = form.mode === "Automatic";

  function update<K extends keyof FormState>(key: K, value: FormState[K]) {
    setForm((f) => ({ ...f, [key]: value }));
    setSavedNotice(false);
    // The summary describes the last save attempt; once the admin edits, the inline errors guide them.
    setFormError(null);
    setErrors((e) => {
      if (!(key in e)) return e;
      const rest = { ...e };
      delete rest[key];
      return rest;
    });
  }

  const save = useMutation({
    mutationFn: () =>
      actions.save(
        toFormData({
          applicationId: view.applicationId,
          mode: form.mode,
          tenantUrl: form.tenantUrl,
          secretToken: form.replacingToken ? form.secretToken : "",
          notificationEmail: form.notificationEmail,
          sendOnFailure: form.sendOnFailure,
          scope: form.scope,
          preventAccidentalDeletion: form.preventAccidentalDeletion,
          deletionThreshold: form.deletionThreshold,
          skipOutOfScopeDeletions: form.skipOutOfScopeDeletions,
          enabled: form.enabled,
        } satisfies Record<keyof SaveProvisioningConfigInput, string | boolean>),
      ),
    onSuccess: (result) => {
      if (result.ok) {
        setView(result.data);
        setForm(formFrom(result.data));
        setErrors({});
        setFormError(null);
        setSavedNotice(true);
      } else {
        focusFirstError.current = true;
        setErrors(result.fieldErrors ?? {});
        setFormError(result.error);
        setSavedNotice(false);
      }
    },
    onError: () => setFormError("The server could not be reached. Nothing was saved."),
  });

  const runTest = useMutation({
    mutationFn: (input: { tenantUrl: string; secretToken: string }) =>
      actions.test(toFormData({ applicationId: view.applicationId, ...input })),
    onMutate: () => {
      setTest(null);
      setTestError(null);
    },
    onSuccess: (result, input) => {
      if (result.ok) {
        setTest({ result: result.data.test, ...input });
        setView(result.data.config);
        setErrors((e) => {
          const rest = { ...e };
          delete rest.tenantUrl;
          delete rest.secretToken;
          return rest;
        });
      } else {
        setTestError(result.error);
        setErrors((e) => ({ ...e, ...(result.fieldErrors ?? {}) }));
      }
    },
    onError: () => setTestError("The server could not be reached to run the test."),
  });

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (!save.isPending) save.mutate();
  }

  function discard() {
    setForm(formFrom(view));
    setErrors({});
    setFormError(null);
    setSavedNotice(false);
  }

  const tokenInForm = form.replacingToken ? form.secretToken : "";
  // A fresh test result describes the form only while the URL and token are still the ones tested.
  const freshTest = test && test.tenantUrl === form.tenantUrl && test.secretToken === tokenInForm ? test.result : null;
  const savedCredentialsUntouched = form.tenantUrl === view.tenantUrl && tokenInForm === "";

  return (
    <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_18rem]">
      <aside className="lg:order-last">
        <div className="space-y-4 lg:sticky lg:top-4">
          <SetupChecklist checklist={view.checklist} />
        </div>
      </aside>

      <form onSubmit={onSubmit} noValidate className="min-w-0" aria-label="Provisioning configuration">
        <fieldset disabled={readOnly} className="min-w-0 space-y-5">
          {readOnly ? (
            <ReadOnlyNote>
              Read-only: Readers can view the provisioning configuration but not change it. The Secret Token is never
              shown.
            </ReadOnlyNote>
          ) : null}
          {formError ? (
            <Alert tone="error" title="Nothing was saved">
              {formError}
            </Alert>
          ) : null}
          {savedNotice && !dirty ? (
            <Alert tone="success" title="Saved">
              The provisioning configuration is saved.
            </Alert>
          ) : null}

          <Card
            id="provisioning-mode"
            title="Provisioning Mode"
            description="Manual: this service does not provision the application. Automatic: it keeps the application's users and groups in step over SCIM 2.0."
          >
            <div className="max-w-sm">
              <Field
                label="Provisioning Mode"
                htmlFor="mode"
                error={errors.mode}
                hint={
                  view.mode === "Automatic" && !readOnly
                    ? "Automatic provisioning is saved. To stop provisioning, turn Provisioning Status Off."
                    : undefined
                }
              >
                <Select
                  id="mode"
                  value={form.mode}
                  onChange={(e) => update("mode", e.target.value as FormState["mode"])}
                  aria-invalid={Boolean(errors.mode)}
                >
                  {view.mode === "Manual" ? <option value="Manual">Manual</option> : null}
                  <option value="Automatic">Automatic</option>
                </Select>
              </Field>
            </div>
          </Card>

          {!automatic ? (
            <Alert tone="info" title="Manual provisioning">
              Nothing is sent to {view.template.name}.
              {readOnly ? null : (
                <>
                  {" "}
                  Choose <strong>Automatic</strong> to enter its Tenant URL and Secret Token, then save.
                </>
              )}
            </Alert>
          ) : (
            <>
              <Card
                id="admin-credentials"
                title="Admin Credentials"
                description={`The SCIM endpoint of ${view.template.name} and the bearer token it issued. The token is stored encrypted and is never shown again.`}
              >
                <div className="space-y-4">
                  <Field
                    label="Tenant URL"
                    htmlFor="tenantUrl"
                    error={errors.tenantUrl}
                    hint={`For example ${view.template.tenantUrlHint}`}
                  >
                    <Input
                      id="tenantUrl"
                      type="url"
                      inputMode="url"
                      autoComplete="off"
                      spellCheck={false}
                      placeholder={view.template.tenantUrlHint}
                      value={form.tenantUrl}
                      onChange={(e) => update("tenantUrl", e.target.value)}
                      aria-invalid={Boolean(errors.tenantUrl)}
                      aria-describedby={errors.tenantUrl ? "tenantUrl-error" : undefined}
                    />
                  </Field>

                  {form.replacingToken && !readOnly ? (
                    <Field
                      label="Secret Token"
                      htmlFor="secretToken"
                      error={errors.secretToken}
                      hint={view.template.secretTokenHint}
                    >
                      <div className="flex gap-2">
                        <Input
                          id="secretToken"
                          ref={(el) => {
                            if (el && focusToken.current) {
                              focusToken.current = false;
                              el.focus();
                            }
                          }}
                          type="password"
                          autoComplete="new-password"
                          spellCheck={false}
                          value={form.secretToken}
                          onChange={(e) => update("secretToken", e.target.value)}
                          aria-invalid={Boolean(errors.secretToken)}
                          aria-describedby={errors.secretToken ? "secretToken-error" : undefined}
                        />
                        {view.hasSecretToken && !view.secretTokenUnreadable ? (
                          <Button
                            variant="ghost"
                            onClick={() => {
                              update("secretToken", "");
                              update("replacingToken", false);
                            }}
                          >
                            Keep saved token
                          </Button>
                        ) : null}
                      </div>
                    </Field>
                  ) : (
                    <div className="space-y-1">
                      <p className="text-sm font-medium text-slate-800" id="secretToken-label">
                        Secret Token
                      </p>
                      <div className="flex items-center gap-3">
                        <span className="rounded-md border border-slate-200 bg-slate-50 px-2.5 py-1.5 text-sm text-slate-700">
                          {view.hasSecretToken ? (
                            <>
                              Saved token <span aria-hidden="true">••••••••</span>
                            </>
                          ) : (
                            "No token saved"
                          )}
                        </span>
                        {readOnly ? null : (
                          <Button
                            aria-describedby="secretToken-label"
                            onClick={() => {
                              focusToken.current = true;
                              setForm((f) => ({ ...f, replacingToken: true, secretToken: "" }));
                            }}
                          >
                            Replace
                          </Button>
                        )}
                      </div>
                      <p className="text-xs text-slate-500">
                        Write-only: the saved token is never sent back to the browser. Leave it to keep using it.
                      </p>
                    </div>
                  )}
                  {view.secretTokenUnreadable ? (
                    <Alert tone="warning" title="The saved token cannot be read">
                      The encryption key has changed since it was saved. Enter the token again.
                    </Alert>
                  ) : null}

                  <details className="text-sm text-slate-600">
                    <summary className="cursor-pointer text-blue-700 hover:underline">Where do I find these?</summary>
                    <p className="mt-1">{view.template.credentialsHelp}</p>
                    <p className="mt-1">
                      No tenant at hand? The built-in{" "}
                      <Link href="/sandbox" className="text-blue-700 hover:underline">
                        sandbox SCIM target
                      </Link>{" "}
                      shows a Tenant URL and token to try.
                    </p>
                  </details>

                  {readOnly ? null : (
                    <div className="flex flex-wrap items-center gap-3 border-t border-slate-100 pt-4">
                      <Button
                        onClick={() =>
                          runTest.mutate({ tenantUrl: form.tenantUrl.trim(), secretToken: tokenInForm.trim() })
                        }
                        disabled={runTest.isPending}
                        aria-describedby="test-connection-help"
                      >
                        {runTest.isPending ? "Testing…" : "Test Connection"}
                      </Button>
                      <p id="test-connection-help" className="text-xs text-slate-500">
                        Sends one SCIM query for a user that does not exist, with the URL and token above
                        {form.replacingToken ? "" : " (the saved token)"}.
                      </p>
                    </div>
                  )}
                  <div aria-live="polite" className="space-y-2">
                    {runTest.isPending ? (
                      <p className="text-sm text-slate-600">Contacting {hostOf(form.tenantUrl)}…</p>
                    ) : null}
                    {testError ? (
                      <Alert tone="error" title="Test Connection could not run">
                        {testError}
                      </Alert>
                    ) : null}
                    {freshTest ? (
                      <TestResult
                        result={freshTest}
                        unsaved={!savedCredentialsUntouched}
                        help={view.template.credentialsHelp}
                      />
                    ) : null}
                    {!freshTest && !runTest.isPending && !testError && savedCredentialsUntouched ? (
                      <SavedTestState view={view} />
                    ) : null}
                  </div>
                </div>
              </Card>

              <Card
                id="notification-email"
                title="Notification Email"
                description="Where to send an email when provisioning fails, for example when the job goes to quarantine."
              >
                <div className="max-w-md space-y-3">
                  <Field label="Notification Email" htmlFor="notificationEmail" error={errors.notificationEmail}>
                    <Input
                      id="notificationEmail"
                      type="email"
                      autoComplete="email"
                      placeholder="admin@contoso.com"
                      value={form.notificationEmail}
                      onChange={(e) => update("notificationEmail", e.target.value)}
                      aria-invalid={Boolean(errors.notificationEmail)}
                      aria-describedby={errors.notificationEmail ? "notificationEmail-error" : undefined}
                    />
                  </Field>
                  <Checkbox
                    id="sendOnFailure"
                    checked={form.sendOnFailure}
                    onChange={(v) => update("sendOnFailure", v)}
                  >
                    Send an email notification when a failure occurs
                  </Checkbox>
                  {readOnly ? null : (
                    <SendTestEmailButton applicationId={view.applicationId} email={form.notificationEmail} />
                  )}
                </div>
              </Card>

              <Card
                id="mappings"
                title="Mappings"
                description="How source directory attributes become the application's SCIM attributes, which attributes match existing objects, and who is in scope."
              >
                <div className="space-y-4">
                  <p className="text-sm text-slate-700">
                    Group provisioning:{" "}
                    <strong>
                      {view.groupProvisioningEnabled && view.template.supportsGroups ? "enabled" : "disabled"}
                    </strong>
                    {view.template.supportsGroups ? "" : ` (${view.template.name} does not take groups)`}
                  </p>
                  <MappingsTable caption="Provision source directory users" rows={view.mappings.User} />
                  {view.template.supportsGroups ? (
                    <MappingsTable caption="Provision source directory groups" rows={view.mappings.Group} />
                  ) : null}
                  <div className="flex flex-wrap gap-2">
                    <Link
                      className={linkButton}
                      href={`/applications/${view.applicationId}/provisioning/mappings/User`}
                    >
                      {readOnly ? "View user mappings" : "Edit user mappings"}
                    </Link>
                    {view.template.supportsGroups ? (
                      <Link
                        className={linkButton}
                        href={`/applications/${view.applicationId}/provisioning/mappings/Group`}
                      >
                        {readOnly ? "View group mappings" : "Edit group mappings"}
                      </Link>
                    ) : null}
                    <Link className={linkButton} href={`/applications/${view.applicationId}/provisioning/scoping/User`}>
                      Scoping filters
                    </Link>
                    <Link className={linkButton} href={`/applications/${view.applicationId}/provisioning/preview`}>
                      What will change
                    </Link>
                  </div>
                </div>
              </Card>

              <Card id="settings" title="Settings" description="Who is provisioned, and how deletions are guarded.">
                <div className="max-w-md space-y-4">
                  <Field label="Scope" htmlFor="scope" error={errors.scope}>
                    <Select
                      id="scope"
                      value={form.scope}
                      onChange={(e) => update("scope", e.target.value as FormState["scope"])}
                    >
                      <option value="AssignedOnly">Sync only assigned users and groups</option>
                      <option value="All">Sync all users and groups</option>
                    </Select>
                  </Field>
                  {form.scope === "All" ? (
                    <p className="text-xs text-amber-800">
                      Every user and group in the source directory will be provisioned, assigned or not.
                    </p>
                  ) : null}
                  <Checkbox
                    id="preventAccidentalDeletion"
                    checked={form.preventAccidentalDeletion}
                    onChange={(v) => update("preventAccidentalDeletion", v)}
                    hint="A cycle that would disable or delete more objects than the threshold stops and waits for approval."
                  >
                    Prevent accidental deletion
                  </Checkbox>
                  <div className="pl-6">
                    <Field
                      label="Accidental deletion threshold"
                      htmlFor="deletionThreshold"
                      error={errors.deletionThreshold}
                      hint="The most disables plus deletes one cycle may do."
                    >
                      <Input
                        id="deletionThreshold"
                        inputMode="numeric"
                        className="max-w-32"
                        value={form.deletionThreshold}
                        disabled={!form.preventAccidentalDeletion}
                        onChange={(e) => update("deletionThreshold", e.target.value)}
                        aria-invalid={Boolean(errors.deletionThreshold)}
                        aria-describedby={errors.deletionThreshold ? "deletionThreshold-error" : undefined}
                      />
                    </Field>
                  </div>
                  <Checkbox
                    id="skipOutOfScopeDeletions"
                    checked={form.skipOutOfScopeDeletions}
                    onChange={(v) => update("skipOutOfScopeDeletions", v)}
                    hint="Users who leave the scope stay active in the application instead of being disabled."
                  >
                    Skip out-of-scope deletions
                  </Checkbox>
                </div>
              </Card>

              <Card
                id="provisioning-status"
                title="Provisioning Status"
                description="On: provisioning runs in the background, first an initial cycle, then incremental cycles. Off: it stops after the running cycle."
                actions={
                  <span className="shrink-0 whitespace-nowrap">
                    <ProvisioningStatusBadge status={view.status} />
                  </span>
                }
              >
                <div className="space-y-2">
                  <div
                    role="radiogroup"
                    aria-label="Provisioning Status"
                    aria-describedby={errors.enabled ? "enabled-error" : undefined}
                    className="inline-flex rounded-md border border-slate-300 p-0.5"
                  >
                    {[
                      { value: true, label: "On" },
                      { value: false, label: "Off" },
                    ].map((o) => (
                      <label
                        key={o.label}
                        className={`cursor-pointer rounded px-4 py-1.5 text-sm font-medium has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-blue-600 ${
                          form.enabled === o.value
                            ? o.value
                              ? "bg-emerald-600 text-white"
                              : "bg-slate-700 text-white"
                            : "text-slate-700 hover:bg-slate-100"
                        }`}
                      >
                        <input
                          type="radio"
                          name="enabled"
                          className="sr-only"
                          checked={form.enabled === o.value}
                          onChange={() => update("enabled", o.value)}
                        />
                        {o.label}
                      </label>
                    ))}
                  </div>
                  {errors.enabled ? (
                    <p id="enabled-error" role="alert" className="text-sm text-red-700">
                      {errors.enabled}
                    </p>
                  ) : view.enabled || readOnly ? null : view.credentialsTest.passedForSavedCredentials ||
                    freshTest?.ok ? (
                    <p className="text-xs text-slate-500">
                      The credentials passed Test Connection: turn provisioning On and save to start the initial cycle.
                    </p>
                  ) : (
                    <p className="text-xs text-slate-500">
                      Provisioning can be turned On once the credentials have passed Test Connection.
                    </p>
                  )}
                </div>
              </Card>
            </>
          )}
        </fieldset>
        {readOnly ? null : (
          <div className="sticky bottom-0 z-10 -mx-1 mt-5 flex flex-wrap items-center gap-3 border-t border-slate-200 bg-slate-50/95 px-1 py-3 backdrop-blur">
            <Button type="submit" variant="primary" disabled={save.isPending || !dirty}>
              {save.isPending ? "Saving…" : "Save"}
            </Button>
            <Button onClick={discard} disabled={save.isPending || !dirty}>
              Discard changes
            </Button>
            <p className="text-sm text-slate-600" aria-live="polite">
              {save.isPending ? "Saving…" : dirty ? "You have unsaved changes." : "All changes are saved."}
            </p>
          </div>
        )}
      </form>
    </div>
  );
}

function Checkbox({
  id,
  checked,
  onChange,
  children,
  hint,
}: {
  id: string;
  checked: boolean;
  onChange: (v: boolean) => void;
  children: ReactNode;
  hint?: string;
}) {
  return (
    <div className="flex items-start gap-2">
      <input
        id={id}
        type="checkbox"
        className="mt-0.5 h-4 w-4 rounded border-slate-300 text-blue-600 focus-visible:outline-2 focus-visible:outline-blue-600"
        checked={checked}
        onChange={(e) => onChange(e.target.checked)}
        aria-describedby={hint ? `${id}-hint` : undefined}
      />
      <div>
        <label htmlFor={id} className="text-sm text-slate-800">
          {children}
        </label>
        {hint ? (
          <p id={`${id}-hint`} className="text-xs text-slate-500">
            {hint}
          </p>
        ) : null}
      </div>
    </div>
  );
}

function TestResult({ result, unsaved, help }: { result: CredentialsTestView; unsaved: boolean; help: string }) {
  if (result.ok) {
    return (
      <Alert tone="success" title="Connection succeeded">
        <p>{result.message}</p>
        {unsaved ? <p className="mt-1">Save to keep these credentials; provisioning can then be turned On.</p> : null}
      </Alert>
    );
  }
  return (
    <Alert tone="error" title={`Test Connection failed: ${result.title}`}>
      <p>{result.message}</p>
      {result.snippet ? (
        <div className="mt-2">
          <p className="text-xs font-medium">
            Response from the target{result.status ? ` (HTTP ${result.status})` : ""}:
          </p>
          <pre className="mt-1 max-h-32 overflow-auto whitespace-pre-wrap break-all rounded border border-red-200 bg-white/70 px-2 py-1 font-mono text-xs">
            {result.snippet}
          </pre>
        </div>
      ) : null}
      {result.kind === "Unauthorized" || result.kind === "Forbidden" ? <p className="mt-2 text-xs">{help}</p> : null}
    </Alert>
  );
}

function SavedTestState({ view }: { view: ProvisioningConfigView }) {
  const t = view.credentialsTest;
  if (!view.tenantUrl || !view.hasSecretToken) return null;
  if (t.passedForSavedCredentials && t.testedAt) {
    return (
      <p className="text-sm text-emerald-800">✓ The saved credentials passed Test Connection on {when(t.testedAt)}.</p>
    );
  }
  if (t.testedAt && !t.ok && t.message) {
    return (
      <p className="text-sm text-red-800">
        The last Test Connection, on {when(t.testedAt)}, failed: {t.message}
      </p>
    );
  }
  return <p className="text-sm text-slate-600">The saved credentials have not passed Test Connection yet.</p>;
}

function hostOf(url: string): string {
  try {
    return new URL(url).host || "the target";
  } catch {
    return "the target";
  }
}
