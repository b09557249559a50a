import Link from "next/link";

/** The tabs above the mapping and scoping editors: one per object type, and the other editor. */
export function EditorNav({
  applicationId,
  objectType,
  editor,
}: {
  applicationId: string;
  objectType: "User" | "Group";
  editor: "mappings" | "scoping";
}) {
  const noun = editor === "mappings" ? "mappings" : "scoping";
  const other =
    editor === "mappings"
      ? { path: "scoping", label: "Scoping filters" }
      : { path: "mappings", label: "Attribute mappings" };
  return (
    <nav aria-label="Object types" className="flex gap-2 text-sm">
      {(["User", "Group"] as const).map((t) => (
        <Link
          key={t}
          href={`/applications/${applicationId}/provisioning/${editor}/${t}`}
          aria-current={t === objectType ? "page" : undefined}
          className={`rounded-md px-3 py-1 ${t === objectType ? "bg-blue-50 font-medium text-blue-800" : "text-slate-700 hover:bg-slate-100"}`}
        >
          {t} {noun}
        </Link>
      ))}
      <Link
        href={`/applications/${applicationId}/provisioning/${other.path}/${objectType}`}
        className="rounded-md px-3 py-1 text-slate-700 hover:bg-slate-100"
      >
        {other.label}
      </Link>
    </nav>
  );
}
