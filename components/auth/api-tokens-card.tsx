import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, Td, Th, Tr } from "@/components/ui/table";
import type { ActionResult } from "@/lib/action-result";
import type { ApiTokenView } from "@/lib/auth/api-tokens/api-token-schemas";
import { CreateApiTokenForm } from "./create-api-token-form";
import { RevokeApiTokenButton } from "./revoke-api-token-button";
import { formatTimestamp } from "@/lib/dates/format-timestamp";

const stateTone = { Active: "green", Expired: "amber", Revoked: "neutral" } as const;

/** API tokens for /api/v1 on the People page: the list (never a token) and the form that shows a new one once. */
export function ApiTokensCard({
  tokens,
  create,
  revoke,
}: {
  tokens: ApiTokenView[];
  create: (fd: FormData) => Promise<ActionResult<{ name: string; token: string; expiresAt: string | null }>>;
  revoke: (tokenId: string) => Promise<ActionResult>;
}) {
  return (
    <Card
      title={`API tokens (${tokens.filter((t) => t.state === "Active").length} active)`}
      description={
        <>
          For scripts and pipelines that use the{" "}
          <Link href="/api-reference" className="text-blue-700 hover:underline">
            REST API
          </Link>{" "}
          (/api/v1). A token acts with its role, never more than its owner&apos;s, and its changes are in the audit
          trail under its name.
        </>
      }
    >
      <div className="space-y-6">
        {tokens.length === 0 ? (
          <EmptyState title="No API tokens yet">Create one below; it is shown once, then only its use.</EmptyState>
        ) : (
          <Table>
            <thead>
              <tr>
                <Th>Name</Th>
                <Th>Role</Th>
                <Th>Owner</Th>
                <Th>Expires</Th>
                <Th>Last used</Th>
                <Th>Status</Th>
                <Th>
                  <span className="sr-only">Actions</span>
                </Th>
              </tr>
            </thead>
            <tbody>
              {tokens.map((t) => (
                <Tr key={t.id}>
                  <Td className="font-medium">{t.name}</Td>
                  <Td>{t.role}</Td>
                  <Td>{t.owner}</Td>
                  <Td className="whitespace-nowrap text-slate-600">
                    {t.expiresAt ? formatTimestamp(t.expiresAt) : "Never"}
                  </Td>
                  <Td className="whitespace-nowrap text-slate-600">
                    {t.lastUsedAt ? (
                      <>
                        {formatTimestamp(t.lastUsedAt)}
                        <span className="block text-xs text-slate-500">from {t.lastUsedIp ?? "unknown"}</span>
                      </>
                    ) : (
                      "Never used"
                    )}
                  </Td>
                  <Td>
                    <Badge tone={stateTone[t.state]}>{t.state}</Badge>
                  </Td>
                  <Td>
                    {t.state === "Revoked" ? null : (
                      <RevokeApiTokenButton tokenId={t.id} name={t.name} revoke={revoke} />
                    )}
                  </Td>
                </Tr>
              ))}
            </tbody>
          </Table>
        )}
        <div className="border-t border-slate-200 pt-4">
          <h3 className="mb-3 text-sm font-semibold text-slate-900">Create an API token</h3>
          <CreateApiTokenForm action={create} />
        </div>
      </div>
    </Card>
  );
}
