"use client";

import { useState } from "react";
import type { MappingConfigView } from "@/lib/mapping-config/get-mapping-config";
import { Alert } from "@/components/ui/alert";
import { useHydrated } from "@/components/directory/use-hydrated";
import { useCanChange } from "@/components/ui/role-context";
import { AttributeListPanel } from "./attribute-list-panel";
import { AttributeMappingsCard } from "./attribute-mappings-card";
import { EditorHeader, EditorNotices } from "./editor-header";
import { EditorNav } from "./editor-nav";
import { MappingPanel } from "./mapping-panel";
import type { DraftMapping, MappingEditorActions } from "./mapping-types";
import { GroupsEnabledCard, TargetObjectActionsCard } from "./object-settings-cards";
import { TargetAttributesCard } from "./target-attributes-card";
import { useMappingEditor } from "./use-mapping-editor";
import { WhatWillChange } from "./what-will-change";

/**
 * Attribute Mapping for one object type, in Entra's layout: Enabled (groups), Target Object Actions, the
 * mappings table with a side panel per mapping, and the target's attribute list. Edits stay on the page
 * until Save, which writes them all at once; "What will change" previews the next cycle.
 */
export function MappingEditor({ initial, actions }: { initial: MappingConfigView; actions: MappingEditorActions }) {
  const ready = useHydrated();
  // Readers get the same page read-only: each mapping opens in a details view, nothing can be saved.
  const readOnly = !useCanChange();
  const m = useMappingEditor(initial, actions);
  const [panel, setPanel] = useState<{ open: boolean; editing: DraftMapping | null }>({ open: false, editing: null });
  const [attributesOpen, setAttributesOpen] = useState(false);
  const { config, noun } = m;
  const { objectType, applicationId } = config;
  const one = objectType === "User" ? "user" : "group";

  return (
    <div className="space-y-5">
      <EditorHeader
        applicationId={applicationId}
        title={`Attribute Mapping: Provision directory ${noun}`}
        description={
          <>
            How each directory {one} becomes a {config.templateName} {one}.
            {readOnly ? "" : " Edits stay on this page until you save."}
          </>
        }
        readOnly={readOnly}
        readOnlyNote="Read-only: Readers can inspect the mappings but not change them."
        canSave={ready && m.dirty}
        pending={m.pending}
        onSave={m.save}
        onDiscard={m.discard}
      />

      <EditorNav applicationId={applicationId} objectType={objectType} editor="mappings" />

      <EditorNotices
        notice={m.notice}
        unsaved={m.dirty ? "You have unsaved changes. Save writes them all at once; nothing changes until then." : null}
      >
        {!m.notice && config.fullSyncRequired ? (
          <Alert tone="info">
            The next cycle will be a full (initial) cycle: every {one} in scope is evaluated again with the saved
            mappings.
          </Alert>
        ) : null}
      </EditorNotices>

      {m.isGroup ? (
        <GroupsEnabledCard
          config={config}
          enabled={m.draft.groupsEnabled}
          onChange={m.setGroupsEnabled}
          readOnly={readOnly}
        />
      ) : null}
      <TargetObjectActionsCard
        applicationName={config.applicationName}
        noun={noun}
        actions={m.draft.actions}
        onChange={m.setObjectAction}
        readOnly={readOnly}
      />
      <AttributeMappingsCard
        rows={m.draft.rows}
        noun={noun}
        templateName={config.templateName}
        formError={m.formError}
        rowError={m.rowError}
        readOnly={readOnly}
        ready={ready}
        pending={m.pending}
        onAdd={() => setPanel({ open: true, editing: null })}
        onRestore={m.restore}
        onEdit={(row) => setPanel({ open: true, editing: row })}
        onDelete={m.deleteRow}
      />
      <TargetAttributesCard
        config={config}
        noun={noun}
        notice={m.targetAttributes.notice}
        readOnly={readOnly}
        ready={ready}
        discovering={m.targetAttributes.discovering}
        onEdit={() => setAttributesOpen(true)}
        onDiscover={m.targetAttributes.discover}
      />

      {/* The preview is a server action (a POST), which proxy.ts refuses for Readers. */}
      <WhatWillChange applicationId={applicationId} version={m.version} unsaved={m.dirty} />

      <MappingPanel
        open={panel.open}
        onClose={() => setPanel({ open: false, editing: null })}
        editing={panel.editing}
        rows={m.draft.rows}
        objectType={objectType}
        applicationId={applicationId}
        targetAttributes={config.targetAttributes}
        sourceAttributes={config.sourceAttributes}
        onApply={(row) => {
          m.applyRow(row);
          setPanel({ open: false, editing: null });
        }}
        actions={actions}
        readOnly={readOnly}
      />
      <AttributeListPanel
        open={attributesOpen && !readOnly}
        onClose={() => setAttributesOpen(false)}
        appName={config.templateName}
        attributes={config.targetAttributes}
        usedTargets={m.usedTargets}
        onSave={async (attributes) => {
          const r = await m.targetAttributes.save(attributes);
          if (r.ok) setAttributesOpen(false);
          return r;
        }}
      />
    </div>
  );
}
