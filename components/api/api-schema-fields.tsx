type JsonSchema = {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  format?: string;
  description?: string;
  default?: unknown;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  maxLength?: number;
  minimum?: number;
  maximum?: number;
};

/** A schema's type in a few words: "string (Manual | Automatic)", "array of Assignment", "string or number". */
export function typeLabel(s: JsonSchema | undefined): string {
  if (!s) return "any";
  if (s.$ref) return s.$ref.split("/").pop() ?? "object";
  if (s.anyOf) return s.anyOf.map(typeLabel).join(" or ");
  if (s.enum) return s.enum.map((v) => JSON.stringify(v)).join(" | ");
  const type = Array.isArray(s.type) ? s.type.join(" or ") : (s.type ?? "any");
  if (type === "array") return `array of ${typeLabel(s.items)}`;
  const limits = [
    s.format,
    s.maxLength !== undefined ? `≤ ${s.maxLength} chars` : null,
    s.minimum !== undefined ? `≥ ${s.minimum}` : null,
    s.maximum !== undefined ? `≤ ${s.maximum}` : null,
  ].filter(Boolean);
  return limits.length ? `${type} (${limits.join(", ")})` : type;
}

/** The fields of an object schema as a definition table; other schemas as their type. */
export function ApiSchemaFields({ schema }: { schema: JsonSchema | undefined }) {
  if (!schema?.properties) return <p className="font-mono text-xs text-slate-700">{typeLabel(schema)}</p>;
  const required = new Set(schema.required ?? []);
  return (
    <table className="w-full text-left text-xs">
      <tbody>
        {Object.entries(schema.properties).map(([name, field]) => (
          <tr key={name} className="border-t border-slate-100 align-top">
            <td className="py-1 pr-3 font-mono font-medium text-slate-900">
              {name}
              {required.has(name) ? <span className="text-red-700"> *</span> : null}
            </td>
            <td className="py-1 pr-3 font-mono text-slate-600">{typeLabel(field)}</td>
            <td className="py-1 text-slate-600">
              {field.description ?? ""}
              {field.default !== undefined ? ` Default ${JSON.stringify(field.default)}.` : ""}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export type { JsonSchema };
