import { LinkButton } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";

export default function UserNotFound() {
  return (
    <div className="max-w-3xl">
      <EmptyState
        title="This user does not exist"
        action={<LinkButton href="/directory/users">Back to users</LinkButton>}
      >
        It may have been permanently deleted, or the link is wrong.
      </EmptyState>
    </div>
  );
}
