import Link from "next/link";
import type { ProvisioningConfigView } from "@/lib/applications/provisioning/get-provisioning-config";
import { buttonClass } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { MappingsTable } from "./mappings-table";

const linkButton = buttonClass("secondary");

/** Mappings: the saved mappings in brief, with links to the mapping and scoping editors and the preview. */
export function MappingsSummarySection({ view, readOnly }: { view: ProvisioningConfigView; readOnly: boolean }) {
  const base = `/applications/${view.applicationId}/provisioning`;
  return (
    <Card
      id="mappings"
      title="Mappings"
      description="How source directory attributes become the application's SCIM attributes, which attributes match existing objects, and who is in scope."
    >
      <div className="space-y-4">
        <p className="text-sm text-slate-700">
          Group provisioning:{" "}
          <strong>{view.groupProvisioningEnabled && view.template.supportsGroups ? "enabled" : "disabled"}</strong>
          {view.template.supportsGroups ? "" : ` (${view.template.name} does not take groups)`}
        </p>
        <MappingsTable caption="Provision source directory users" rows={view.mappings.User} />
        {view.template.supportsGroups ? (
          <MappingsTable caption="Provision source directory groups" rows={view.mappings.Group} />
        ) : null}
        <div className="flex flex-wrap gap-2">
          <Link className={linkButton} href={`${base}/mappings/User`}>
            {readOnly ? "View user mappings" : "Edit user mappings"}
          </Link>
          {view.template.supportsGroups ? (
            <Link className={linkButton} href={`${base}/mappings/Group`}>
              {readOnly ? "View group mappings" : "Edit group mappings"}
            </Link>
          ) : null}
          <Link className={linkButton} href={`${base}/scoping/User`}>
            Scoping filters
          </Link>
          <Link className={linkButton} href={`${base}/preview`}>
            What will change
          </Link>
        </div>
      </div>
    </Card>
  );
}
