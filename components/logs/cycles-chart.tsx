"use client";

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { CycleHistory } from "@/lib/logs/list-cycles";
import { formatTimestampTick } from "@/lib/dates/format-timestamp";

const series = [
  { key: "created", name: "Created", color: "#059669" },
  { key: "updated", name: "Updated", color: "#2563eb" },
  { key: "disabled", name: "Disabled", color: "#d97706" },
  { key: "deleted", name: "Deleted", color: "#7c3aed" },
  { key: "failed", name: "Failed", color: "#dc2626" },
] as const;

/** Operations per cycle over time (stacked bars, oldest on the left). */
export function CyclesChart({ data }: { data: CycleHistory["chart"] }) {
  const rows = data.map((c) => ({ ...c, label: formatTimestampTick(c.startedAt) }));
  const total = data.reduce((n, c) => n + c.created + c.updated + c.disabled + c.deleted + c.failed, 0);
  return (
    <figure aria-label={`Operations per cycle for the last ${data.length} cycles`} className="h-72 w-full">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={rows} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
          <XAxis dataKey="label" tick={{ fontSize: 11, fill: "#475569" }} minTickGap={24} />
          <YAxis allowDecimals={false} tick={{ fontSize: 11, fill: "#475569" }} width={48} />
          <Tooltip contentStyle={{ fontSize: 12 }} labelFormatter={(l) => `Cycle started ${l} UTC`} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          {series.map((s) => (
            <Bar key={s.key} dataKey={s.key} name={s.name} stackId="ops" fill={s.color} isAnimationActive={false} />
          ))}
        </BarChart>
      </ResponsiveContainer>
      <figcaption className="sr-only">
        {total} operations across {data.length} cycles.
      </figcaption>
    </figure>
  );
}
