import type { ProvisioningConfigView } from "@/lib/applications/provisioning/get-provisioning-config";
import type { CredentialsTestView } from "@/lib/applications/provisioning/test-credentials";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import type { CredentialsTest } from "./use-provisioning-form";
import { formatTimestamp } from "@/lib/dates/format-timestamp";

/**
 * The Test Connection button and what it found: a running test, a result for the URL and token now in the
 * form, or, while the saved credentials are untouched, how their last test went.
 */
export function TestConnection({
  view,
  tenantUrl,
  replacingToken,
  test,
  savedCredentialsUntouched,
  readOnly,
}: {
  view: ProvisioningConfigView;
  tenantUrl: string;
  replacingToken: boolean;
  test: CredentialsTest;
  savedCredentialsUntouched: boolean;
  readOnly: boolean;
}) {
  return (
    <>
      {readOnly ? null : (
        <div className="flex flex-wrap items-center gap-3 border-t border-slate-100 pt-4">
          <Button onClick={test.start} disabled={test.pending} aria-describedby="test-connection-help">
            {test.pending ? "Testing…" : "Test Connection"}
          </Button>
          <p id="test-connection-help" className="text-xs text-slate-500">
            Sends one SCIM query for a user that does not exist, with the URL and token above
            {replacingToken ? "" : " (the saved token)"}.
          </p>
        </div>
      )}
      <div aria-live="polite" className="space-y-2">
        {test.pending ? <p className="text-sm text-slate-600">Contacting {hostOf(tenantUrl)}…</p> : null}
        {test.error ? (
          <Alert tone="error" title="Test Connection could not run">
            {test.error}
          </Alert>
        ) : null}
        {test.fresh ? (
          <TestResult result={test.fresh} unsaved={!savedCredentialsUntouched} help={view.template.credentialsHelp} />
        ) : null}
        {!test.fresh && !test.pending && !test.error && savedCredentialsUntouched ? (
          <SavedTestState view={view} />
        ) : null}
      </div>
    </>
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
      <p className="text-sm text-emerald-800">
        ✓ The saved credentials passed Test Connection on {formatTimestamp(t.testedAt)}.
      </p>
    );
  }
  if (t.testedAt && !t.ok && t.message) {
    return (
      <p className="text-sm text-red-800">
        The last Test Connection, on {formatTimestamp(t.testedAt)}, failed: {t.message}
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
