import Link from "next/link";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";

/** Marks an object a source owns, linking to the source's page. */
export function SourceBadge({ source }: { source: { id: string; name: string } }) {
  return (
    <Link
      href={`/sources/${source.id}`}
      className="rounded-full focus-visible:outline-2 focus-visible:outline-blue-600"
    >
      <Badge tone="blue">From {source.name}</Badge>
    </Link>
  );
}

/** Why a source-owned object's page has no edit controls. */
export function SourceOwnedNotice({ source, noun }: { source: { id: string; name: string }; noun: "user" | "group" }) {
  return (
    <Alert tone="info" title={`Read-only: this ${noun} comes from ${source.name}`}>
      Its source is its authority. Change the {noun} in {source.name}; the change arrives here by itself and reaches the
      assigned applications within seconds.{" "}
      <Link href={`/sources/${source.id}`} className="font-medium underline">
        View the source
      </Link>
    </Alert>
  );
}
