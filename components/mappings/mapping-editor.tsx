"use client";

import Link from "next/link";
import { useMemo, useState, useTransition } from "react";
import type { MappingConfigView, TargetAttributeView } from "@/lib/mapping-config/get-mapping-config";
import { checkMappingRows } from "@/lib/mapping-config/check-mapping-rows";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Table, Td, Th, Tr } from "@/components/ui/table";
import { useHydrated } from "@/components/directory/use-hydrated";
import { AttributeListPanel } from "./attribute-list-panel";
import { ConfirmDialog } from "./confirm-dialog";
import { MappingPanel } from "./mapping-panel";
import { APPLY_ON_LABEL, type DraftMapping, type MappingEditorActions } from "./mapping-types";
import { EditorNav } from "./editor-nav";
import { WhatWillChange } from "./what-will-change";
import { useCanChange } from "@/components/ui/role-context";
import { ReadOnlyNote } from "@/components/ui/read-only";

type Notice = { tone: "success" | "error" | "info"; title: string; body?: string } | null;

function toDraft(config: MappingConfigView): DraftMapping[] {
  return config.mappings.map(({ id, ...m }) => ({ ...m, key: id }));
}

/**
 * Attribute Mapping for one object type, in Entra's layout: Enabled (groups), Target Object Actions, the
 * mappings table with a side panel per mapping, and the target's attribute list. Edits stay on the page
 * until Save, which writes them all at once; "What will change" previews the next cycle.
 */
export function MappingEditor({ initial, actions }: { initial: MappingConfigView; actions: MappingEditorActions }) {
  const ready = useHydrated();
  // Readers get the same page read-only: each mapping opens in a details view, nothing can be saved.
  const readOnly = !useCanChange();
  const [config, setConfig] = useState(initial);
  const [rows, setRows] = useState<DraftMapping[]>(() => toDraft(initial));
  const [objectActions, setObjectActions] = useState(initial.actions);
  const [groupsEnabled, setGroupsEnabled] = useState(initial.groupProvisioningEnabled);
  const [panel, setPanel] = useState<{ open: boolean; editing: DraftMapping | null }>({ open: false, editing: null });
  const [attributesOpen, setAttributesOpen] = useState(false);
  const [confirmRestore, setConfirmRestore] = useState(false);
  const [notice, setNotice] = useState<Notice>(null);
  const [attributeNotice, setAttributeNotice] = useState<Notice>(null);
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({});
  const [version, setVersion] = useState(0);
  const [pending, startTransition] = useTransition();
  const [discovering, startDiscovery] = useTransition();

  const { objectType, applicationId } = config;
  const noun = objectType === "User" ? "users" : "groups";
  const isGroup = objectType === "Group";
  const saved = useMemo(
    () =>
      JSON.stringify([toDraft(config).map(({ key: _k, ...m }) => m), config.actions, config.groupProvisioningEnabled]),
    [config],
  );
  const current = JSON.stringify([rows.map(({ key: _k, ...m }) => m), objectActions, groupsEnabled]);
  const dirty = saved !== current;
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
        requireMatching: !isGroup || groupsEnabled,
      }),
    [objectType, rows, config.targetAttributes, isGroup, groupsEnabled],
  );

  function adopt(next: MappingConfigView) {
    setConfig(next);
    setRows(toDraft(next));
    setObjectActions(next.actions);
    setGroupsEnabled(next.groupProvisioningEnabled);
    setServerErrors({});
    setVersion((v) => v + 1);
  }

  function save() {
    setNotice(null);
    startTransition(async () => {
      const r = await actions.save({
        applicationId,
        objectType,
        mappings: rows.map(({ key: _k, ...m }) => m),
        actions: objectActions,
        ...(isGroup ? { groupProvisioningEnabled: groupsEnabled } : {}),
      });
      if (r.ok) {
        adopt(r.data);
        setNotice({
          tone: "success",
          title: "Mappings saved.",
          body: "The next cycle will be a full (initial) cycle: every object in scope is evaluated again with these mappings.",
        });
      } else {
        setServerErrors(r.fieldErrors ?? {});
        setNotice({ tone: "error", title: "The mappings were not saved", body: r.error });
      }
    });
  }

  function restore() {
    setConfirmRestore(false);
    setNotice(null);
    startTransition(async () => {
      const r = await actions.restore({ applicationId, objectType });
      if (r.ok) {
        adopt(r.data);
        setNotice({
          tone: "success",
          title: "Default mappings restored.",
          body: `The ${config.templateName} template's ${noun} mappings are back. The next cycle will be a full (initial) cycle.`,
        });
      } else setNotice({ tone: "error", title: "The default mappings were not restored", body: r.error });
    });
  }

  function discover() {
    setAttributeNotice(null);
    startDiscovery(async () => {
      const r = await actions.discover({ applicationId, objectType });
      if (r.ok) {
        setConfig((c) => ({ ...c, targetAttributes: r.data.config.targetAttributes }));
        const n = r.data.discovery.added.length;
        setAttributeNotice({
          tone: n > 0 ? "success" : "info",
          title:
            n === 0
              ? "No new attributes found."
              : `${n} attribute${n === 1 ? "" : "s"} added from the target's schema.`,
          body:
            n === 0
              ? `The target lists ${r.data.discovery.found} ${objectType} attributes; all are already in the list.`
              : r.data.discovery.added.join(", "),
        });
      } else setAttributeNotice({ tone: "error", title: "Schema discovery failed", body: r.error });
    });
  }

  async function saveAttributes(attributes: TargetAttributeView[]) {
    const r = await actions.saveAttributes({ applicationId, objectType, attributes });
    if (r.ok) {
      setConfig((c) => ({ ...c, targetAttributes: r.data.targetAttributes }));
      setAttributesOpen(false);
      setAttributeNotice({
        tone: "success",
        title: "Attribute list saved.",
        body: `${r.data.targetAttributes.length} attributes.`,
      });
    }
    return r;
  }

  function applyPanel(row: DraftMapping) {
    setRows((rs) => (rs.some((r) => r.key === row.key) ? rs.map((r) => (r.key === row.key ? row : r)) : [...rs, row]));
    setPanel({ open: false, editing: null });
  }

  const rowError = (i: number) =>
    serverErrors[`mappings.${i}.source`] ??
    serverErrors[`mappings.${i}.target`] ??
    serverErrors[`mappings.${i}.matchingPrecedence`] ??
    tableErrors[`mappings.${i}.source`] ??
    tableErrors[`mappings.${i}.target`] ??
    tableErrors[`mappings.${i}.matchingPrecedence`];

  return (
    <div className="space-y-5">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div>
          <Link href={`/applications/${applicationId}/provisioning`} className="text-sm text-blue-700 hover:underline">
            ← Provisioning
          </Link>
          <h2 className="mt-1 text-xl font-semibold text-slate-900">Attribute Mapping: Provision directory {noun}</h2>
          <p className="mt-0.5 text-sm text-slate-600">
            How each directory {objectType === "User" ? "user" : "group"} becomes a {config.templateName}{" "}
            {objectType === "User" ? "user" : "group"}.{readOnly ? "" : " Edits stay on this page until you save."}
          </p>
        </div>
        {readOnly ? (
          <ReadOnlyNote>Read-only: Readers can inspect the mappings but not change them.</ReadOnlyNote>
        ) : (
          <div className="flex flex-wrap items-center gap-2">
            <Button variant="primary" onClick={save} disabled={!ready || pending || !dirty}>
              {pending ? "Saving…" : "Save"}
            </Button>
            <Button onClick={() => adopt(config)} disabled={!ready || pending || !dirty}>
              Discard changes
            </Button>
          </div>
        )}
      </div>

      <EditorNav applicationId={applicationId} objectType={objectType} editor="mappings" />

      <div aria-live="polite" className="space-y-2">
        {notice ? (
          <Alert tone={notice.tone} title={notice.title}>
            {notice.body}
          </Alert>
        ) : null}
        {dirty ? (
          <Alert tone="warning">
            You have unsaved changes. Save writes them all at once; nothing changes until then.
          </Alert>
        ) : null}
        {!notice && config.fullSyncRequired ? (
          <Alert tone="info">
            The next cycle will be a full (initial) cycle: every {objectType === "User" ? "user" : "group"} in scope is
            evaluated again with the saved mappings.
          </Alert>
        ) : null}
      </div>

      {isGroup ? (
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
                checked={groupsEnabled}
                onChange={() => setGroupsEnabled(true)}
                className="h-4 w-4"
              />{" "}
              Yes
            </label>
            <label className="flex items-center gap-2">
              <input
                type="radio"
                name="groupsEnabled"
                checked={!groupsEnabled}
                onChange={() => setGroupsEnabled(false)}
                className="h-4 w-4"
              />{" "}
              No
            </label>
          </fieldset>
        </Card>
      ) : null}

      <Card
        title="Target Object Actions"
        description={`What the service may do to ${noun} in ${config.applicationName}.`}
      >
        <fieldset className="flex flex-wrap gap-6 text-sm" disabled={readOnly}>
          <legend className="sr-only">Target object actions</legend>
          {(["create", "update", "delete"] as const).map((k) => (
            <label key={k} className="flex items-center gap-2">
              <input
                type="checkbox"
                checked={objectActions[k]}
                onChange={(e) => setObjectActions((a) => ({ ...a, [k]: e.target.checked }))}
                className="h-4 w-4"
              />
              {k === "create" ? "Create" : k === "update" ? "Update" : "Delete"}
            </label>
          ))}
        </fieldset>
      </Card>

      <Card
        title="Attribute Mappings"
        description="Matching attributes identify existing objects in the target; the others are sent on create and update."
        actions={
          readOnly ? undefined : (
            <div className="flex shrink-0 gap-2">
              <Button onClick={() => setPanel({ open: true, editing: null })} disabled={!ready}>
                Add new mapping
              </Button>
              <Button onClick={() => setConfirmRestore(true)} disabled={!ready || pending}>
                Restore default mappings
              </Button>
            </div>
          )
        }
      >
        {tableErrors._form || serverErrors._form ? (
          <div className="mb-3">
            <Alert tone="error">{serverErrors._form ?? tableErrors._form}</Alert>
          </div>
        ) : null}
        {rows.length === 0 ? (
          <p className="rounded-md border border-dashed border-slate-300 px-4 py-6 text-center text-sm text-slate-600">
            {readOnly ? "No mappings." : `No mappings. Add one, or restore the ${config.templateName} defaults.`}
          </p>
        ) : (
          <Table>
            <thead>
              <tr>
                <Th>Source attribute or expression</Th>
                <Th>Target attribute</Th>
                <Th>Type</Th>
                <Th>Matching precedence</Th>
                <Th>Apply this mapping</Th>
                <Th>
                  <span className="sr-only">Actions</span>
                </Th>
              </tr>
            </thead>
            <tbody>
              {rows.map((m, i) => {
                const err = rowError(i);
                return (
                  <Tr key={m.key} className={err ? "bg-red-50/50" : ""}>
                    <Td className="max-w-sm font-mono text-xs break-all">
                      {m.mappingType === "Constant" ? (
                        <span className="font-sans text-slate-500">Constant: </span>
                      ) : null}
                      {m.source}
                      {m.defaultValue ? (
                        <span className="block font-sans text-slate-500">Default: {m.defaultValue}</span>
                      ) : null}
                      {err ? (
                        <span className="mt-1 block font-sans text-red-700" role="alert">
                          {err}
                        </span>
                      ) : null}
                    </Td>
                    <Td className="font-mono text-xs break-all">{m.target}</Td>
                    <Td>{m.mappingType}</Td>
                    <Td>
                      {m.matchingPrecedence ? (
                        <Badge tone="blue">{`Matching · ${m.matchingPrecedence}`}</Badge>
                      ) : (
                        <span className="text-slate-400">—</span>
                      )}
                    </Td>
                    <Td>{APPLY_ON_LABEL[m.applyOn]}</Td>
                    <Td className="whitespace-nowrap text-right">
                      {readOnly ? (
                        <Button
                          variant="ghost"
                          aria-label={`View mapping for ${m.target}`}
                          onClick={() => setPanel({ open: true, editing: m })}
                          disabled={!ready}
                        >
                          View
                        </Button>
                      ) : (
                        <>
                          <Button
                            variant="ghost"
                            aria-label={`Edit mapping for ${m.target}`}
                            onClick={() => setPanel({ open: true, editing: m })}
                            disabled={!ready}
                          >
                            Edit
                          </Button>
                          <Button
                            variant="ghost"
                            aria-label={`Delete mapping for ${m.target}`}
                            onClick={() => setRows((rs) => rs.filter((r) => r.key !== m.key))}
                            disabled={!ready}
                          >
                            Delete
                          </Button>
                        </>
                      )}
                    </Td>
                  </Tr>
                );
              })}
            </tbody>
          </Table>
        )}
      </Card>

      <Card
        title="Target attributes"
        description={`${config.targetAttributes.length} attributes ${config.templateName} accepts for ${noun}. Mappings can send only to these.`}
        actions={
          readOnly ? undefined : (
            <div className="flex shrink-0 gap-2">
              <Button onClick={() => setAttributesOpen(true)} disabled={!ready}>
                Edit attribute list
              </Button>
              <Button
                onClick={discover}
                disabled={!ready || discovering || !config.hasCredentials}
                title={config.hasCredentials ? undefined : "Save the Tenant URL and Secret Token first"}
              >
                {discovering ? "Discovering…" : "Discover from target"}
              </Button>
            </div>
          )
        }
      >
        {attributeNotice ? (
          <div className="mb-3" aria-live="polite">
            <Alert tone={attributeNotice.tone} title={attributeNotice.title}>
              {attributeNotice.body}
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
        {config.targetAttributes.length <= 16 ? (
          <AttributeChips names={config.targetAttributes.map((a) => a.name)} />
        ) : (
          <details className="mt-2 text-sm">
            <summary className="cursor-pointer text-slate-700">
              Show all {config.targetAttributes.length} attributes
            </summary>
            <AttributeChips names={config.targetAttributes.map((a) => a.name)} />
          </details>
        )}
      </Card>

      {/* The preview is a server action (a POST), which proxy.ts refuses for Readers. */}
      <WhatWillChange applicationId={applicationId} version={version} unsaved={dirty} />

      <MappingPanel
        open={panel.open}
        onClose={() => setPanel({ open: false, editing: null })}
        editing={panel.editing}
        rows={rows}
        objectType={objectType}
        applicationId={applicationId}
        targetAttributes={config.targetAttributes}
        sourceAttributes={config.sourceAttributes}
        onApply={applyPanel}
        actions={actions}
        readOnly={readOnly}
      />
      <AttributeListPanel
        open={attributesOpen && !readOnly}
        onClose={() => setAttributesOpen(false)}
        appName={config.templateName}
        attributes={config.targetAttributes}
        usedTargets={usedTargets}
        onSave={saveAttributes}
      />
      <ConfirmDialog
        open={confirmRestore}
        title="Restore default mappings?"
        confirmLabel="Restore default mappings"
        onConfirm={restore}
        onCancel={() => setConfirmRestore(false)}
      >
        The {noun} mappings are replaced with the {config.templateName} template&apos;s defaults, and the next cycle is
        a full one. Unsaved edits on this page are lost. Attributes you added to the attribute list stay.
      </ConfirmDialog>
    </div>
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
