import type { ModifiedProperty } from "@/lib/sync/sync-types";

function show(v: unknown) {
  if (v === null || v === undefined || v === "") return <span className="text-slate-400">(none)</span>;
  return typeof v === "string" ? v : JSON.stringify(v);
}

/** The attributes an on-demand run sent to the target: each target attribute, its value before and after. */
export function SentAttributes({ properties, label }: { properties: ModifiedProperty[]; label: string }) {
  if (properties.length === 0) return null;
  return (
    <div className="border-t border-slate-100 px-3 py-2">
      <table className="min-w-full text-sm" aria-label={label}>
        <caption className="pb-1 text-left text-xs font-semibold uppercase tracking-wide text-slate-600">
          Attributes sent
        </caption>
        <thead>
          <tr className="text-left text-xs text-slate-500">
            <th scope="col" className="py-1 pr-3 font-medium">
              Target attribute
            </th>
            <th scope="col" className="py-1 pr-3 font-medium">
              Before
            </th>
            <th scope="col" className="py-1 font-medium">
              Sent
            </th>
          </tr>
        </thead>
        <tbody>
          {properties.map((p) => (
            <tr key={p.name} className="border-t border-slate-100 align-top">
              <td className="break-all py-1 pr-3 font-mono text-xs">{p.name}</td>
              <td className="break-all py-1 pr-3 text-slate-600">{show(p.oldValue)}</td>
              <td className="break-all py-1 text-slate-900">{show(p.newValue)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
