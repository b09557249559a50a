import { Badge } from "@/components/ui/badge";

/** A source's state as an admin reads it: off, on but never heard from, or receiving. */
export function SourceStatusBadge({
  status,
  lastRequestAt,
  kind,
}: {
  status: string;
  lastRequestAt: Date | null;
  kind?: string;
}) {
  if (status !== "Active") return <Badge tone="neutral">Disabled</Badge>;
  // An LDAP source's lastRequestAt is its last successful sync.
  if (!lastRequestAt)
    return (
      <Badge tone="amber">{kind === "Ldap" ? "Waiting for the first sync" : "Waiting for the first request"}</Badge>
    );
  return <Badge tone="green">Active</Badge>;
}

export const SOURCE_KIND_LABELS: Record<string, string> = { ScimPush: "SCIM push", Ldap: "LDAP" };
