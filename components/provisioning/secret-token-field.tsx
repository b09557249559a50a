import type { Ref } from "react";
import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/field";
import { TOKEN_NOT_BOUND_MESSAGE, tenantUrlOrigin } from "@/lib/applications/provisioning/tenant-url-origin";
import type { SectionProps } from "./provisioning-form-state";

/**
 * The Secret Token: a password field while a new token is typed, otherwise the saved token shown masked
 * with Replace. The saved token is write-only: it is never sent back to the browser.
 */
export function SecretTokenField({
  view,
  form,
  errors,
  update,
  readOnly,
  inputRef,
  onReplace,
  onKeepSaved,
}: SectionProps & { inputRef: Ref<HTMLInputElement>; onReplace: () => void; onKeepSaved: () => void }) {
  if (form.replacingToken && !readOnly) {
    return (
      <Field label="Secret Token" htmlFor="secretToken" error={errors.secretToken} hint={view.template.secretTokenHint}>
        <div className="flex gap-2">
          <Input
            id="secretToken"
            ref={inputRef}
            type="password"
            autoComplete="new-password"
            spellCheck={false}
            value={form.secretToken}
            onChange={(e) => update("secretToken", e.target.value)}
            aria-invalid={Boolean(errors.secretToken)}
            aria-describedby={errors.secretToken ? "secretToken-error" : undefined}
          />
          {view.hasSecretToken && !view.secretTokenUnreadable ? (
            <Button variant="ghost" onClick={onKeepSaved}>
              Keep saved token
            </Button>
          ) : null}
        </div>
      </Field>
    );
  }
  // The saved token goes only to the origin it was entered for; say so before the server refuses.
  const typedOrigin = tenantUrlOrigin(form.tenantUrl);
  const tokenForOtherHost = view.hasSecretToken && typedOrigin !== null && typedOrigin !== view.secretTokenOrigin;
  const tokenNote = errors.secretToken ?? (tokenForOtherHost ? TOKEN_NOT_BOUND_MESSAGE : null);
  return (
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
          <Button aria-describedby="secretToken-label" onClick={onReplace}>
            Replace
          </Button>
        )}
      </div>
      <p className="text-xs text-slate-500">
        Write-only: the saved token is never sent back to the browser. Leave it to keep using it.
      </p>
      {tokenNote ? (
        <p id="secretToken-error" className="text-xs text-red-700" role="alert">
          {tokenNote}
          {tokenNote === TOKEN_NOT_BOUND_MESSAGE && view.secretTokenOrigin
            ? ` The saved token is for ${view.secretTokenOrigin} only.`
            : ""}
        </p>
      ) : null}
    </div>
  );
}
