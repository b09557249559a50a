import type { MappingRow } from "@/lib/applications/provisioning/get-provisioning-config";
import { Badge } from "@/components/ui/badge";
import { Table, Td, Th, Tr } from "@/components/ui/table";

/** A read-only table of one object type's attribute mappings. */
export function MappingsTable({ caption, rows }: { caption: string; rows: MappingRow[] }) {
  if (rows.length === 0) {
    return (
      <p className="rounded-md border border-dashed border-slate-300 px-4 py-3 text-sm text-slate-600">
        {caption}: no mappings.
      </p>
    );
  }
  return (
    <Table>
      <caption className="bg-white px-3 py-2 text-left text-sm font-medium text-slate-800">{caption}</caption>
      <thead>
        <tr>
          <Th>Source attribute or expression</Th>
          <Th>Target attribute</Th>
          <Th>Type</Th>
          <Th>Matching precedence</Th>
          <Th>Apply this mapping</Th>
        </tr>
      </thead>
      <tbody>
        {rows.map((m) => (
          <Tr key={m.id}>
            <Td className="font-mono text-xs break-all">
              {m.source}
              {m.defaultValue ? (
                <span className="block font-sans text-slate-500">Default: {m.defaultValue}</span>
              ) : null}
            </Td>
            <Td className="font-mono text-xs break-all">{m.target}</Td>
            <Td>{m.mappingType}</Td>
            <Td>
              {m.matchingPrecedence ? (
                <Badge tone="blue">{`Matching · ${m.matchingPrecedence}`}</Badge>
              ) : (
                <span className="text-slate-400">—</span>
              )}
            </Td>
            <Td>{m.applyOn === "CreateOnly" ? "Only during object creation" : "Always"}</Td>
          </Tr>
        ))}
      </tbody>
    </Table>
  );
}
