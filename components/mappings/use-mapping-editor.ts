"use client";

import { useMemo, useState, useTransition, type Dispatch, type SetStateAction } from "react";
import type { MappingConfigView, TargetAttributeView } from "@/lib/mapping-config/get-mapping-config";
import { checkMappingRows } from "@/lib/mapping-config/check-mapping-rows";
import type { DraftMapping, MappingEditorActions } from "./mapping-types";
import { useEditorDraft, type EditorNotice } from "./use-editor-draft";

type MappingDraft = { rows: DraftMapping[]; actions: MappingConfigView["actions"]; groupsEnabled: boolean };

function toDraft(config: MappingConfigView): MappingDraft {
  return {
    rows: config.mappings.map(({ id, ...m }) => ({ ...m, key: id })),
    actions: config.actions,
    groupsEnabled: config.groupProvisioningEnabled,
  };
}

const withoutKeys = (rows: DraftMapping[]) => rows.map(({ key: _k, ...m }) => m);

function fingerprint(draft: MappingDraft): string {
  return JSON.stringify([withoutKeys(draft.rows), draft.actions, draft.groupsEnabled]);
}

const ROW_FIELDS = ["source", "target", "matchingPrecedence"] as const;

/**
 * The Attribute Mapping editor's state: the draft (mapping rows, Target Object Actions, groups Enabled) checked
 * as it changes, Save and Restore default mappings, and the target's attribute list (edited and discovered
 * from the target's schema, saved at once, apart from the draft).
 */
export function useMappingEditor(initial: MappingConfigView, actions: MappingEditorActions) {
  const editor = useEditorDraft({ initial, toDraft, fingerprint });
  const { config, setConfig, draft, setDraft, serverErrors } = editor;
  const targetAttributes = useTargetAttributes({ config, setConfig, actions });
  const { objectType, applicationId } = config;
  const isGroup = objectType === "Group";
  const noun = objectType === "User" ? "users" : "groups";
  const { rows } = draft;

  // Saved mappings (the server refuses removing those) and the page's unsaved ones.
  const usedTargets = useMemo(
    () => new Set([...config.mappings.map((m) => m.target), ...rows.map((r) => r.target)]),
    [config.mappings, rows],
  );
  const tableErrors = useMemo(
    () =>
      checkMappingRows({
        objectType,
        rows,
        targetAttributeNames: config.targetAttributes.map((a) => a.name),
        requireMatching: !isGroup || draft.groupsEnabled,
      }),
    [objectType, rows, config.targetAttributes, isGroup, draft.groupsEnabled],
  );
  const setRows = (update: (rows: DraftMapping[]) => DraftMapping[]) =>
    setDraft((d) => ({ ...d, rows: update(d.rows) }));

  return {
    ...editor,
    noun,
    isGroup,
    usedTargets,
    targetAttributes,
    formError: serverErrors._form ?? tableErrors._form,
    rowError: (i: number) =>
      ROW_FIELDS.map((f) => serverErrors[`mappings.${i}.${f}`]).find(Boolean) ??
      ROW_FIELDS.map((f) => tableErrors[`mappings.${i}.${f}`]).find(Boolean),
    setObjectAction: (k: keyof MappingDraft["actions"], on: boolean) =>
      setDraft((d) => ({ ...d, actions: { ...d.actions, [k]: on } })),
    setGroupsEnabled: (on: boolean) => setDraft((d) => ({ ...d, groupsEnabled: on })),
    /** The side panel's OK: replaces the row with the same key, or adds it. */
    applyRow: (row: DraftMapping) =>
      setRows((rs) =>
        rs.some((r) => r.key === row.key) ? rs.map((r) => (r.key === row.key ? row : r)) : [...rs, row],
      ),
    deleteRow: (key: string) => setRows((rs) => rs.filter((r) => r.key !== key)),
    save: () =>
      editor.write(
        () =>
          actions.save({
            applicationId,
            objectType,
            mappings: withoutKeys(rows),
            actions: draft.actions,
            ...(isGroup ? { groupProvisioningEnabled: draft.groupsEnabled } : {}),
          }),
        {
          success: {
            tone: "success",
            title: "Mappings saved.",
            body: "The next cycle will be a full (initial) cycle: every object in scope is evaluated again with these mappings.",
          },
          failure: "The mappings were not saved",
          showFieldErrors: true,
        },
      ),
    restore: () =>
      editor.write(() => actions.restore({ applicationId, objectType }), {
        success: {
          tone: "success",
          title: "Default mappings restored.",
          body: `The ${config.templateName} template's ${noun} mappings are back. The next cycle will be a full (initial) cycle.`,
        },
        failure: "The default mappings were not restored",
        showFieldErrors: false,
      }),
  };
}

/**
 * The target's attribute list, apart from the draft: "Edit attribute list" saves it at once, and "Discover
 * from target" adds what the target's /Schemas lists.
 */
function useTargetAttributes({
  config,
  setConfig,
  actions,
}: {
  config: MappingConfigView;
  setConfig: Dispatch<SetStateAction<MappingConfigView>>;
  actions: Pick<MappingEditorActions, "discover" | "saveAttributes">;
}) {
  const [notice, setNotice] = useState<EditorNotice>(null);
  const [discovering, startDiscovery] = useTransition();
  const { applicationId, objectType } = config;
  return {
    notice,
    discovering,
    discover: () => {
      setNotice(null);
      startDiscovery(async () => {
        const r = await actions.discover({ applicationId, objectType });
        if (!r.ok) return setNotice({ tone: "error", title: "Schema discovery failed", body: r.error });
        setConfig((c) => ({ ...c, targetAttributes: r.data.config.targetAttributes }));
        const { added, found } = r.data.discovery;
        setNotice({
          tone: added.length > 0 ? "success" : "info",
          title:
            added.length === 0
              ? "No new attributes found."
              : `${added.length} attribute${added.length === 1 ? "" : "s"} added from the target's schema.`,
          body:
            added.length === 0
              ? `The target lists ${found} ${objectType} attributes; all are already in the list.`
              : added.join(", "),
        });
      });
    },
    save: async (attributes: TargetAttributeView[]) => {
      const r = await actions.saveAttributes({ applicationId, objectType, attributes });
      if (r.ok) {
        setConfig((c) => ({ ...c, targetAttributes: r.data.targetAttributes }));
        setNotice({
          tone: "success",
          title: "Attribute list saved.",
          body: `${r.data.targetAttributes.length} attributes.`,
        });
      }
      return r;
    },
  };
}
