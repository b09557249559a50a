"use client";

import { useCallback, useEffect, useRef, useState, type FormEvent } from "react";
import { useMutation } from "@tanstack/react-query";
import type { ActionResult } from "@/lib/action-result";
import type { ProvisioningConfigView } from "@/lib/applications/provisioning/get-provisioning-config";
import type { CredentialsTestView } from "@/lib/applications/provisioning/test-credentials";
import {
  formFrom,
  isDirty,
  saveFormData,
  toFormData,
  tokenInForm,
  type ProvisioningFormState,
  type UpdateField,
} from "./provisioning-form-state";

// FormData, so the token is not in a server-function argument the dev server would log.
export type SaveAction = (form: FormData) => Promise<ActionResult<ProvisioningConfigView>>;
export type TestAction = (
  form: FormData,
) => Promise<ActionResult<{ test: CredentialsTestView; config: ProvisioningConfigView }>>;

type Errors = Record<string, string>;

// The order of the page, for taking the admin to the first field that needs attention.
const FIELD_ORDER = ["mode", "tenantUrl", "secretToken", "notificationEmail", "scope", "deletionThreshold", "enabled"];

/** After a refused save, scrolls to and focuses the first field with an error; call the returned function first. */
function useFocusFirstError(errors: Errors): () => void {
  const requested = useRef(false);
  useEffect(() => {
    if (!requested.current) return;
    requested.current = false;
    const first = FIELD_ORDER.find((k) => errors[k]);
    if (!first) return;
    const target =
      first === "enabled" ? document.getElementById("provisioning-status") : document.getElementById(first);
    target?.scrollIntoView({ block: "center" });
    if (target instanceof HTMLInputElement || target instanceof HTMLSelectElement)
      target.focus({ preventScroll: true });
  }, [errors]);
  return useCallback(() => {
    requested.current = true;
  }, []);
}

/** Test Connection with the URL and token in the form; its result describes the form only while they are unchanged. */
function useCredentialsTest(opts: {
  applicationId: string;
  form: ProvisioningFormState;
  test: TestAction;
  onTested: (config: ProvisioningConfigView) => void;
  setErrors: (update: (e: Errors) => Errors) => void;
}) {
  const { applicationId, form, test, onTested, setErrors } = opts;
  const [last, setLast] = useState<{ result: CredentialsTestView; tenantUrl: string; secretToken: string } | null>(
    null,
  );
  const [error, setError] = useState<string | null>(null);
  const run = useMutation({
    mutationFn: (input: { tenantUrl: string; secretToken: string }) => test(toFormData({ applicationId, ...input })),
    onMutate: () => {
      setLast(null);
      setError(null);
    },
    onSuccess: (result, input) => {
      if (result.ok) {
        setLast({ result: result.data.test, ...input });
        onTested(result.data.config);
        setErrors((e) => {
          const rest = { ...e };
          delete rest.tenantUrl;
          delete rest.secretToken;
          return rest;
        });
      } else {
        setError(result.error);
        setErrors((e) => ({ ...e, ...(result.fieldErrors ?? {}) }));
      }
    },
    onError: () => setError("The server could not be reached to run the test."),
  });
  const token = tokenInForm(form);
  return {
    start: () => run.mutate({ tenantUrl: form.tenantUrl.trim(), secretToken: token.trim() }),
    pending: run.isPending,
    error,
    fresh: last && last.tenantUrl === form.tenantUrl && last.secretToken === token ? last.result : null,
  };
}

export type CredentialsTest = ReturnType<typeof useCredentialsTest>;

/**
 * The Provisioning tab's form: the saved view, the draft and whether it differs, inline errors, and the
 * Save (all or nothing) and Test Connection calls.
 */
export function useProvisioningForm(initial: ProvisioningConfigView, actions: { save: SaveAction; test: TestAction }) {
  const [view, setView] = useState(initial);
  const [form, setForm] = useState(() => formFrom(initial));
  const [errors, setErrors] = useState<Errors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [savedNotice, setSavedNotice] = useState(false);
  const focusFirstError = useFocusFirstError(errors);
  // "Replace" moves focus into the new token field when it appears.
  const focusToken = useRef(false);
  const tokenFieldRef = useCallback((el: HTMLInputElement | null) => {
    if (el && focusToken.current) {
      focusToken.current = false;
      el.focus();
    }
  }, []);

  const update: UpdateField = (key, value) => {
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
  };

  const save = useMutation({
    mutationFn: () => actions.save(saveFormData(view.applicationId, form)),
    onSuccess: (result) => {
      if (result.ok) {
        setView(result.data);
        setForm(formFrom(result.data));
        setErrors({});
        setFormError(null);
        setSavedNotice(true);
      } else {
        focusFirstError();
        setErrors(result.fieldErrors ?? {});
        setFormError(result.error);
        setSavedNotice(false);
      }
    },
    onError: () => setFormError("The server could not be reached. Nothing was saved."),
  });

  const credentialsTest = useCredentialsTest({
    applicationId: view.applicationId,
    form,
    test: actions.test,
    onTested: setView,
    setErrors,
  });

  return {
    view,
    form,
    errors,
    formError,
    savedNotice,
    dirty: isDirty(form, view),
    update,
    saving: save.isPending,
    submit(e: FormEvent) {
      e.preventDefault();
      if (!save.isPending) save.mutate();
    },
    discard() {
      setForm(formFrom(view));
      setErrors({});
      setFormError(null);
      setSavedNotice(false);
    },
    replaceToken() {
      focusToken.current = true;
      setForm((f) => ({ ...f, replacingToken: true, secretToken: "" }));
    },
    keepSavedToken() {
      update("secretToken", "");
      update("replacingToken", false);
    },
    tokenFieldRef,
    credentialsTest,
    savedCredentialsUntouched: form.tenantUrl === view.tenantUrl && tokenInForm(form) === "",
  };
}
