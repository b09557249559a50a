import Link from "next/link";
import type { SetupChecklist as Checklist } from "@/lib/applications/provisioning/compute-setup-checklist";

const marks = {
  done: { symbol: "✓", className: "bg-emerald-100 text-emerald-800", label: "Done" },
  missing: { symbol: "", className: "border border-slate-300 bg-white text-slate-400", label: "Missing" },
  optional: { symbol: "–", className: "bg-slate-100 text-slate-500", label: "Optional" },
} as const;

/** Which setup steps are done and what is missing, each missing step linking to where it is fixed. */
export function SetupChecklist({ checklist }: { checklist: Checklist }) {
  const percent = Math.round((checklist.done / checklist.required) * 100);
  return (
    <section
      aria-labelledby="setup-checklist-heading"
      className="rounded-lg border border-slate-200 bg-white shadow-sm"
    >
      <header className="border-b border-slate-100 px-4 py-3">
        <h2 id="setup-checklist-heading" className="text-base font-semibold text-slate-900">
          Setup checklist
        </h2>
        <p className="mt-0.5 text-sm text-slate-600">
          {checklist.complete ? "All steps are done." : `${checklist.done} of ${checklist.required} steps done.`}
        </p>
        <div className="mt-2 h-1.5 overflow-hidden rounded-full bg-slate-100" aria-hidden="true">
          <div
            className={`h-full rounded-full ${checklist.complete ? "bg-emerald-500" : "bg-blue-600"}`}
            style={{ width: `${percent}%` }}
          />
        </div>
      </header>
      <ol className="divide-y divide-slate-100" aria-label="Setup steps">
        {checklist.items.map((item) => {
          const mark = marks[item.state];
          return (
            <li key={item.key} className="flex gap-3 px-4 py-2.5" data-state={item.state}>
              <span
                className={`mt-0.5 flex h-5 w-5 shrink-0 items-center justify-center rounded-full text-xs font-semibold ${mark.className}`}
                aria-hidden="true"
              >
                {mark.symbol}
              </span>
              <div className="min-w-0 text-sm">
                <p className={item.state === "done" ? "text-slate-700" : "font-medium text-slate-900"}>
                  <span className="sr-only">{mark.label}: </span>
                  {item.label}
                </p>
                <p className="text-xs text-slate-500">{item.detail}</p>
                {item.state === "missing" ? (
                  <Link href={item.href} className="text-xs font-medium text-blue-700 hover:underline">
                    {item.key === "assignments" ? "Go to Users and groups" : `Go to ${sectionName(item.key)}`}
                  </Link>
                ) : null}
              </div>
            </li>
          );
        })}
      </ol>
    </section>
  );
}

function sectionName(key: string): string {
  switch (key) {
    case "credentials":
      return "Admin Credentials";
    case "notification":
      return "Notification Email";
    case "mappings":
      return "Mappings";
    case "scope":
      return "Settings";
    case "status":
      return "Provisioning Status";
    default:
      return "the application";
  }
}
