import type { MappingConfigView } from "@/lib/mapping-config/get-mapping-config";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import type { EditorNotice } from "./use-editor-draft";

/** Target attributes: the names mappings may send to, with Edit attribute list and Discover from target. */
export function TargetAttributesCard({
  config,
  noun,
  notice,
  readOnly,
  ready,
  discovering,
  onEdit,
  onDiscover,
}: {
  config: MappingConfigView;
  noun: string;
  notice: EditorNotice;
  readOnly: boolean;
  ready: boolean;
  discovering: boolean;
  onEdit: () => void;
  onDiscover: () => void;
}) {
  const names = config.targetAttributes.map((a) => a.name);
  return (
    <Card
      title="Target attributes"
      description={`${names.length} attributes ${config.templateName} accepts for ${noun}. Mappings can send only to these.`}
      actions={
        readOnly ? undefined : (
          <div className="flex shrink-0 gap-2">
            <Button onClick={onEdit} disabled={!ready}>
              Edit attribute list
            </Button>
            <Button
              onClick={onDiscover}
              disabled={!ready || discovering || !config.hasCredentials}
              title={config.hasCredentials ? undefined : "Save the Tenant URL and Secret Token first"}
            >
              {discovering ? "Discovering…" : "Discover from target"}
            </Button>
          </div>
        )
      }
    >
      {notice ? (
        <div className="mb-3" aria-live="polite">
          <Alert tone={notice.tone} title={notice.title}>
            {notice.body}
          </Alert>
        </div>
      ) : null}
      <p className="text-sm text-slate-600">
        {readOnly
          ? null
          : config.hasCredentials
            ? "Discover from target reads the target's /Schemas and adds the attributes it lists; it never removes one."
            : "To discover attributes from the target, save its Tenant URL and Secret Token on the Provisioning page first."}
      </p>
      {names.length <= 16 ? (
        <AttributeChips names={names} />
      ) : (
        <details className="mt-2 text-sm">
          <summary className="cursor-pointer text-slate-700">Show all {names.length} attributes</summary>
          <AttributeChips names={names} />
        </details>
      )}
    </Card>
  );
}

function AttributeChips({ names }: { names: string[] }) {
  return (
    <p className="mt-2 flex flex-wrap gap-1">
      {names.map((n) => (
        <code key={n} className="rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-700">
          {n}
        </code>
      ))}
    </p>
  );
}
