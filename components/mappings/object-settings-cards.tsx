import type { MappingConfigView } from "@/lib/mapping-config/get-mapping-config";
import { Card } from "@/components/ui/card";

/** Enabled (groups only): whether groups are provisioned at all. */
export function GroupsEnabledCard({
  config,
  enabled,
  onChange,
  readOnly,
}: {
  config: MappingConfigView;
  enabled: boolean;
  onChange: (enabled: boolean) => void;
  readOnly: boolean;
}) {
  return (
    <Card
      title="Enabled"
      description={
        config.templateSupportsGroups
          ? "Whether groups are provisioned to this application."
          : `${config.templateName} does not take groups.`
      }
    >
      <fieldset className="flex gap-6 text-sm" disabled={readOnly || !config.templateSupportsGroups}>
        <legend className="sr-only">Group provisioning enabled</legend>
        <label className="flex items-center gap-2">
          <input
            type="radio"
            name="groupsEnabled"
            checked={enabled}
            onChange={() => onChange(true)}
            className="h-4 w-4"
          />{" "}
          Yes
        </label>
        <label className="flex items-center gap-2">
          <input
            type="radio"
            name="groupsEnabled"
            checked={!enabled}
            onChange={() => onChange(false)}
            className="h-4 w-4"
          />{" "}
          No
        </label>
      </fieldset>
    </Card>
  );
}

const ACTION_LABELS = { create: "Create", update: "Update", delete: "Delete" } as const;

/** Target Object Actions: whether the service may create, update and delete objects in the application. */
export function TargetObjectActionsCard({
  applicationName,
  noun,
  actions,
  onChange,
  readOnly,
}: {
  applicationName: string;
  noun: string;
  actions: MappingConfigView["actions"];
  onChange: (action: keyof MappingConfigView["actions"], on: boolean) => void;
  readOnly: boolean;
}) {
  return (
    <Card title="Target Object Actions" description={`What the service may do to ${noun} in ${applicationName}.`}>
      <fieldset className="flex flex-wrap gap-6 text-sm" disabled={readOnly}>
        <legend className="sr-only">Target object actions</legend>
        {(["create", "update", "delete"] as const).map((k) => (
          <label key={k} className="flex items-center gap-2">
            <input
              type="checkbox"
              checked={actions[k]}
              onChange={(e) => onChange(k, e.target.checked)}
              className="h-4 w-4"
            />
            {ACTION_LABELS[k]}
          </label>
        ))}
      </fieldset>
    </Card>
  );
}
