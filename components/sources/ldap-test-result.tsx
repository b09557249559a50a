import type { ActionResult } from "@/lib/action-result";
import type { LdapConnectionTest } from "@/lib/sources/ldap/test-ldap-connection";
import { Alert } from "@/components/ui/alert";

/** Test connection's answer: each step checked, and the diagnosis of the one that failed. */
export function LdapTestResult({ result }: { result: ActionResult<LdapConnectionTest> | null }) {
  if (!result) return null;
  if (!result.ok) return <Alert tone="error">{result.error}</Alert>;
  const t = result.data;
  return (
    <div role="status" className="space-y-2">
      <Alert tone={t.ok ? "success" : "error"} title={t.ok ? "Test connection passed" : "Test connection failed"}>
        {t.message}
        {!t.ok && t.serverMessage ? (
          <span className="mt-1 block font-mono text-xs">Server: {t.serverMessage}</span>
        ) : null}
      </Alert>
      <ul className="space-y-1 text-sm" aria-label="Checks">
        {t.checks.map((c) => (
          <li key={c.label} className="flex gap-2">
            <span aria-hidden className={c.ok ? "text-green-700" : "text-red-700"}>
              {c.ok ? "✓" : "✗"}
            </span>
            <span className="font-medium">{c.label}</span>
            <span className="text-slate-600">{c.detail}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
