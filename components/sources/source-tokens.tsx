"use client";

import { useId, useState } from "react";
import type { ActionResult } from "@/lib/action-result";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/field";
import { Table, Td, Th, Tr } from "@/components/ui/table";
import { useCanChange } from "@/components/ui/role-context";
import { ConfirmAction } from "@/components/sandbox/confirm-action";
import { CopyField } from "@/components/sandbox/copy-field";
import { useActionSubmit } from "@/components/directory/use-action-submit";

export type TokenRow = {
  id: string;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
};

/**
 * A source's bearer tokens: names, prefixes and use, never the tokens themselves. A new token is shown
 * once, right after it is created, for the admin to paste into the identity provider.
 */
export function SourceTokens({
  sourceId,
  tokens,
  createAction,
  revokeAction,
}: {
  sourceId: string;
  tokens: TokenRow[];
  createAction: (formData: FormData) => Promise<ActionResult<{ token: string; prefix: string }>>;
  revokeAction: (input: { sourceId: string; tokenId: string }) => Promise<ActionResult<undefined>>;
}) {
  const canChange = useCanChange();
  const { pending, ready, result, onSubmit, fieldError } = useActionSubmit(createAction);
  const [name, setName] = useState("");
  // Shown here, not by the row's Revoke button: the revoked row re-renders without one.
  const [revoked, setRevoked] = useState<string | null>(null);
  const nameId = useId();
  const created = result?.ok ? result.data : null;
  const nameError = fieldError("name");
  return (
    <div className="space-y-4">
      {created ? (
        <div className="space-y-2 rounded-md border border-emerald-200 bg-emerald-50 p-4">
          <p className="text-sm font-medium text-emerald-900">
            Token created. Copy it now and paste it as the Secret Token in your identity provider: Provisio keeps only
            its hash and will not show it again.
          </p>
          <CopyField id="new-source-token" label="New token" copyLabel="Copy token" value={created.token} />
        </div>
      ) : null}
      {revoked ? <Alert tone="success">{revoked}</Alert> : null}
      {tokens.length === 0 ? (
        <p className="text-sm text-slate-600">
          No tokens yet. {canChange ? "Create one for the identity provider that will push to this source." : ""}
        </p>
      ) : (
        <Table aria-label="Tokens">
          <thead>
            <tr>
              <Th>Name</Th>
              <Th>Token</Th>
              <Th>Created</Th>
              <Th>Last used</Th>
              <Th>Status</Th>
              {canChange ? <Th className="sr-only">Actions</Th> : null}
            </tr>
          </thead>
          <tbody>
            {tokens.map((t) => (
              <Tr key={t.id}>
                <Td className="font-medium">{t.name}</Td>
                <Td className="font-mono text-xs">{t.prefix}…</Td>
                <Td className="text-slate-600">{t.createdAt}</Td>
                <Td className="text-slate-600">{t.lastUsedAt ?? "Never"}</Td>
                <Td>
                  {t.revokedAt ? <Badge tone="red">Revoked {t.revokedAt}</Badge> : <Badge tone="green">Active</Badge>}
                </Td>
                {canChange ? (
                  <Td>
                    {t.revokedAt ? null : (
                      <ConfirmAction
                        label={`Revoke ${t.name}`}
                        question="Requests with this token will get 401 from now on. Revoke it?"
                        confirmLabel="Yes, revoke"
                        workingLabel="Revoking…"
                        success="The token was revoked."
                        variant="danger"
                        action={() => revokeAction({ sourceId, tokenId: t.id })}
                        onSuccess={() => setRevoked(`${t.name}: the token was revoked.`)}
                      />
                    )}
                  </Td>
                ) : null}
              </Tr>
            ))}
          </tbody>
        </Table>
      )}
      {canChange ? (
        <form onSubmit={onSubmit} noValidate className="flex flex-wrap items-end gap-2">
          <input type="hidden" name="sourceId" value={sourceId} />
          <div className="min-w-64 flex-1">
            <Field
              label="Token name"
              htmlFor={nameId}
              error={nameError}
              hint="Say where it is used, like Entra ID provisioning."
            >
              <Input
                id={nameId}
                name="name"
                value={name}
                onChange={(e) => setName(e.target.value)}
                maxLength={80}
                aria-invalid={nameError ? true : undefined}
                aria-describedby={nameError ? `${nameId}-error` : undefined}
              />
            </Field>
          </div>
          <Button type="submit" variant="primary" disabled={pending || !ready} className="mb-5">
            {pending ? "Creating…" : "Create token"}
          </Button>
        </form>
      ) : null}
      {result && !result.ok && !nameError ? <Alert tone="error">{result.error}</Alert> : null}
    </div>
  );
}
