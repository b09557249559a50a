import { Badge } from "@/components/ui/badge";
import { userState } from "@/lib/directory/directory-schemas";

export function UserStatusBadge({ user }: { user: { accountEnabled: boolean; deletedAt: Date | null } }) {
  const state = userState(user);
  if (state === "deleted") return <Badge tone="red">Deleted</Badge>;
  if (state === "disabled") return <Badge tone="amber">Disabled</Badge>;
  return <Badge tone="green">Enabled</Badge>;
}
