import type { Metadata } from "next";
import Link from "next/link";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { Table, Td, Th, Tr } from "@/components/ui/table";
import { ApiOperation, type ApiOperationDoc } from "@/components/api/api-operation";
import { ApiSchemaFields, type JsonSchema } from "@/components/api/api-schema-fields";
import { buildOpenApiDocument } from "@/lib/api/build-openapi-document";
import { APP_ERROR_STATUS } from "@/lib/errors";
import { requireUser } from "@/app/_lib/current-user";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "REST API reference" };

/** The OpenAPI document of /api/v1, readable: operations by tag, the schemas they answer, the error codes. */
export default async function ApiReferencePage() {
  await requireUser();
  const doc = buildOpenApiDocument();
  const byTag = new Map<string, ApiOperationDoc[]>();
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const [method, op] of Object.entries(item as Record<string, ApiOperationDoc & { tags?: string[] }>)) {
      const tag = op.tags?.[0] ?? "Other";
      byTag.set(tag, [...(byTag.get(tag) ?? []), { ...op, method, path }]);
    }
  }
  const schemas = Object.entries((doc.components?.schemas ?? {}) as Record<string, JsonSchema>);
  return (
    <div className="max-w-5xl space-y-6">
      <PageHeader
        title="REST API reference"
        description="Automate what you do on these pages. Send an API token (People → API tokens) as Authorization: Bearer <token>. Errors are RFC 9457 problem details (application/problem+json) with a typed code and, for invalid input, fieldErrors."
        actions={
          <a className="text-sm font-medium text-blue-700 hover:underline" href="/api/v1/openapi.json">
            OpenAPI 3.1 document (JSON)
          </a>
        }
      />
      <nav aria-label="Operations" className="flex flex-wrap gap-2 text-sm">
        {[...byTag.keys()].map((tag) => (
          <Link key={tag} href={`#tag-${tag.replace(/\W+/g, "-")}`} className="text-blue-700 hover:underline">
            {tag}
          </Link>
        ))}
        <Link href="#schemas" className="text-blue-700 hover:underline">
          Schemas
        </Link>
        <Link href="#errors" className="text-blue-700 hover:underline">
          Error codes
        </Link>
      </nav>
      {[...byTag.entries()].map(([tag, ops]) => (
        <Card key={tag} id={`tag-${tag.replace(/\W+/g, "-")}`} title={tag}>
          {ops.map((op) => (
            <ApiOperation key={op.operationId} op={op} />
          ))}
        </Card>
      ))}
      <Card id="schemas" title="Schemas">
        <div className="space-y-4">
          {schemas.map(([name, schema]) => (
            <div key={name} id={`schema-${name}`}>
              <h3 className="font-mono text-sm font-semibold text-slate-900">{name}</h3>
              {schema.description ? <p className="text-xs text-slate-600">{schema.description}</p> : null}
              <ApiSchemaFields schema={schema} />
            </div>
          ))}
        </div>
      </Card>
      <Card id="errors" title="Error codes" description="The code of a problem, with its HTTP status.">
        <Table>
          <thead>
            <tr>
              <Th>Code</Th>
              <Th>Status</Th>
            </tr>
          </thead>
          <tbody>
            {Object.entries(APP_ERROR_STATUS).map(([code, status]) => (
              <Tr key={code}>
                <Td>
                  <code id={`error-${code}`} className="font-mono text-xs">
                    {code}
                  </code>
                </Td>
                <Td>{status}</Td>
              </Tr>
            ))}
          </tbody>
        </Table>
      </Card>
    </div>
  );
}
