import { ApiSchemaFields, typeLabel, type JsonSchema } from "./api-schema-fields";

export type ApiOperationDoc = {
  method: string;
  path: string;
  operationId: string;
  summary?: string;
  description?: string;
  parameters?: { name: string; in: string; required?: boolean; description?: string; schema?: JsonSchema }[];
  requestBody?: { required?: boolean; content: Record<string, { schema: JsonSchema }> };
  responses: Record<string, { description: string; content?: Record<string, { schema: JsonSchema }> }>;
};

const methodTone: Record<string, string> = {
  get: "bg-blue-50 text-blue-800 ring-blue-200",
  post: "bg-emerald-50 text-emerald-800 ring-emerald-200",
  patch: "bg-amber-50 text-amber-800 ring-amber-200",
  delete: "bg-red-50 text-red-800 ring-red-200",
};

const section = "mt-3 text-xs font-semibold uppercase tracking-wide text-slate-500";

/** One operation of the OpenAPI document: method and path, what it does, parameters, body, answers. */
export function ApiOperation({ op }: { op: ApiOperationDoc }) {
  const body = op.requestBody?.content["application/json"]?.schema;
  return (
    <article id={op.operationId} className="border-t border-slate-100 py-4 first:border-t-0 first:pt-0">
      <h3 className="flex flex-wrap items-center gap-2 text-sm">
        <span
          className={`rounded px-1.5 py-0.5 font-mono text-xs font-semibold uppercase ring-1 ring-inset ${methodTone[op.method] ?? ""}`}
        >
          {op.method}
        </span>
        <code className="font-mono text-slate-900">/api/v1{op.path}</code>
        <span className="text-slate-600">— {op.summary}</span>
      </h3>
      {op.description ? <p className="mt-1 text-sm text-slate-600">{op.description}</p> : null}
      {op.parameters?.length ? (
        <>
          <p className={section}>Parameters</p>
          <ul className="mt-1 space-y-0.5 text-xs">
            {op.parameters.map((p) => (
              <li key={`${p.in}-${p.name}`}>
                <code className="font-mono font-medium text-slate-900">{p.name}</code>{" "}
                <span className="text-slate-500">
                  ({p.in}
                  {p.required ? ", required" : ""}) {typeLabel(p.schema)}
                </span>
                {p.description ? <span className="text-slate-600"> — {p.description}</span> : null}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {body ? (
        <>
          <p className={section}>JSON body{op.requestBody?.required ? "" : " (optional)"}</p>
          <ApiSchemaFields schema={body} />
        </>
      ) : null}
      <p className={section}>Answers</p>
      <ul className="mt-1 space-y-0.5 text-xs text-slate-600">
        {Object.entries(op.responses).map(([status, r]) => {
          const schema = r.content ? Object.values(r.content)[0]?.schema : undefined;
          return (
            <li key={status}>
              <span className="font-mono font-semibold text-slate-900">{status}</span> {r.description}
              {schema && !status.startsWith("4") && !status.startsWith("5") ? (
                <span className="font-mono"> → {typeLabel(schema)}</span>
              ) : null}
            </li>
          );
        })}
      </ul>
    </article>
  );
}
