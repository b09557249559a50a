import { LinkButton } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";

export default function GroupNotFound() {
  return (
    <div className="max-w-3xl">
      <EmptyState
        title="This group does not exist"
        action={<LinkButton href="/directory/groups">Back to groups</LinkButton>}
      >
        It may have been permanently deleted, or the link is wrong.
      </EmptyState>
    </div>
  );
}
