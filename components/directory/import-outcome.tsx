import Link from "next/link";
import { Alert } from "@/components/ui/alert";
import { Table, Td, Th, Tr } from "@/components/ui/table";
import type { ImportCounts, ImportOutcome } from "@/lib/directory/import-types";

type Outcome<S> = Extract<ImportOutcome, { status: S }>;

function countsText(noun: string, c: ImportCounts): string | null {
  if (c.created + c.updated + c.unchanged === 0) return null;
  return `${noun}: ${c.created} created, ${c.updated} updated, ${c.unchanged} unchanged`;
}

/** What an import saved, with links to the users and groups. */
export function ImportSucceeded({ outcome }: { outcome: Outcome<"imported"> }) {
  return (
    <Alert tone="success" title={`Import complete: ${outcome.description}`}>
      <ul className="list-disc space-y-0.5 pl-5">
        {[countsText("Users", outcome.users), countsText("Groups", outcome.groups)].filter(Boolean).map((t) => (
          <li key={t}>{t}</li>
        ))}
        {outcome.membershipChanges > 0 ? (
          <li>
            Group memberships changed in {outcome.membershipChanges} group
            {outcome.membershipChanges === 1 ? "" : "s"}
          </li>
        ) : null}
        {outcome.notes.map((n) => (
          <li key={n}>{n}</li>
        ))}
      </ul>
      <p className="mt-2">
        <Link className="font-medium underline" href="/directory/users">
          View users
        </Link>
        {outcome.groups.created + outcome.groups.updated > 0 ? (
          <>
            {" · "}
            <Link className="font-medium underline" href="/directory/groups">
              View groups
            </Link>
          </>
        ) : null}
      </p>
    </Alert>
  );
}

/** Why nothing was imported: the problems, one row each, with the row and field they are in. */
export function ImportRowErrors({ outcome }: { outcome: Outcome<"invalid"> }) {
  return (
    <div className="space-y-3">
      <Alert tone="error" title="Nothing was imported">
        {outcome.description}. The file has {outcome.errors.length} problem{outcome.errors.length === 1 ? "" : "s"}; an
        import is all or nothing, so no user or group was saved. Fix the rows below and upload the file again.
      </Alert>
      <Table aria-label="Row errors">
        <thead>
          <tr>
            <Th className="w-20">{outcome.rowLabel}</Th>
            <Th className="w-48">Field</Th>
            <Th>Problem</Th>
          </tr>
        </thead>
        <tbody>
          {outcome.errors.map((e, i) => (
            <Tr key={i}>
              <Td className="tabular-nums">{e.row}</Td>
              <Td className="font-mono text-xs">{e.field}</Td>
              <Td>{e.message}</Td>
            </Tr>
          ))}
        </tbody>
      </Table>
      {outcome.notes.length > 0 ? (
        <ul className="list-disc pl-5 text-sm text-slate-600">
          {outcome.notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
