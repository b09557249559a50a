import type { Metadata } from "next";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { ImportForm } from "@/components/directory/import-form";
import { Alert } from "@/components/ui/alert";
import { canCurrentUserChange } from "@/app/_lib/can-change";
import { importDirectoryFileAction } from "./actions";

export const metadata: Metadata = { title: "Bulk import" };

export default async function ImportPage() {
  return (
    <div className="max-w-5xl space-y-6">
      <PageHeader
        title="Bulk import"
        description="Add or update many users and groups at once. An import is all or nothing: if any row is wrong, nothing is saved and every problem is listed by row."
      />
      {(await canCurrentUserChange()) ? (
        <Card>
          <ImportForm action={importDirectoryFileAction} />
        </Card>
      ) : (
        <Alert tone="info" title="Only Administrators import">
          Readers can read how imports work and download the CSV template, but not import files.
        </Alert>
      )}
      <div className="grid gap-6 md:grid-cols-2">
        <Card title="Microsoft Graph JSON" description="What GET /users and GET /groups return.">
          <div className="space-y-2 text-sm text-slate-700">
            <p>
              A JSON object with a <code className="font-mono text-xs">value</code> array, as Microsoft Graph returns
              it. Users need <code className="font-mono text-xs">userPrincipalName</code> and{" "}
              <code className="font-mono text-xs">displayName</code>; groups need{" "}
              <code className="font-mono text-xs">displayName</code> and may list{" "}
              <code className="font-mono text-xs">members</code> by id (from{" "}
              <code className="font-mono text-xs">$expand=members</code>).
            </p>
            <p>
              Objects with an id (or a user principal name) already in the directory are updated; the rest are created
              with the file&apos;s ids.
            </p>
            <pre className="overflow-x-auto rounded bg-slate-50 p-2 font-mono text-xs text-slate-700">{`{
  "@odata.context": ".../$metadata#users",
  "value": [
    { "id": "…", "userPrincipalName": "adele@contoso.com",
      "displayName": "Adele Vance", "department": "Retail",
      "accountEnabled": true }
  ]
}`}</pre>
          </div>
        </Card>
        <Card title="Entra bulk-create CSV" description="The template of Entra's Bulk create users.">
          <div className="space-y-2 text-sm text-slate-700">
            <p>
              Line 1 is <code className="font-mono text-xs">version:v1.0</code>, line 2 the headers, such as{" "}
              <code className="font-mono text-xs">Name [displayName] Required</code>. Columns are matched by the
              attribute name in brackets.
            </p>
            <p>
              <strong>Block sign in</strong> Yes creates a disabled account. Initial passwords are ignored: Provisio
              does not hold passwords. Users whose user principal name already exists are updated.
            </p>
            <p>
              <a className="font-medium text-blue-700 hover:underline" href="/directory/import/template" download>
                Download the CSV template
              </a>
            </p>
          </div>
        </Card>
      </div>
    </div>
  );
}
