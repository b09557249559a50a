import { Badge } from "@/components/ui/badge";
import type { ConfigurationChange } from "@/lib/config-as-code/diff-configuration";

const KIND = {
  add: { label: "Add", tone: "green" },
  change: { label: "Change", tone: "blue" },
  remove: { label: "Remove", tone: "red" },
} as const;

/** What applying a document changes (or would change), one line each, with its place in the document. */
export function ConfigurationChangesList({ changes, label }: { changes: ConfigurationChange[]; label: string }) {
  return (
    <ul aria-label={label} className="divide-y divide-slate-100 rounded-md border border-slate-200">
      {changes.map((c, i) => (
        <li key={`${c.path}-${i}`} className="flex items-start gap-3 px-3 py-2 text-sm">
          <span className="w-16 shrink-0">
            <Badge tone={KIND[c.kind].tone}>{KIND[c.kind].label}</Badge>
          </span>
          <div className="min-w-0">
            <p className="break-words text-slate-900">{c.summary}</p>
            <p className="font-mono text-xs text-slate-500">{c.path}</p>
          </div>
        </li>
      ))}
    </ul>
  );
}

/** A refused document's problems, each at its JSON path. */
export function ConfigurationProblemsList({ problems }: { problems: Record<string, string> }) {
  return (
    <ul aria-label="Problems in the document" className="mt-2 list-disc space-y-1 pl-5">
      {Object.entries(problems).map(([path, message]) => (
        <li key={path}>
          <code className="font-mono text-xs">{path}</code>: {message}
        </li>
      ))}
    </ul>
  );
}
