import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Table, Td, Th, Tr } from "@/components/ui/table";
import { ConfirmDialog } from "./confirm-dialog";
import { APPLY_ON_LABEL, type DraftMapping } from "./mapping-types";

type RowActions = { onEdit: (row: DraftMapping) => void; onDelete: (key: string) => void };

/**
 * Attribute Mappings: the draft's rows, each with its error, and the controls to add, edit and delete them,
 * and to restore the template's defaults (after a confirmation).
 */
export function AttributeMappingsCard({
  rows,
  noun,
  templateName,
  formError,
  rowError,
  readOnly,
  ready,
  pending,
  onAdd,
  onRestore,
  ...rowActions
}: {
  rows: DraftMapping[];
  noun: string;
  templateName: string;
  formError: string | undefined;
  rowError: (i: number) => string | undefined;
  readOnly: boolean;
  ready: boolean;
  pending: boolean;
  onAdd: () => void;
  onRestore: () => void;
} & RowActions) {
  const [confirmRestore, setConfirmRestore] = useState(false);
  return (
    <Card
      title="Attribute Mappings"
      description="Matching attributes identify existing objects in the target; the others are sent on create and update."
      actions={
        readOnly ? undefined : (
          <div className="flex shrink-0 gap-2">
            <Button onClick={onAdd} disabled={!ready}>
              Add new mapping
            </Button>
            <Button onClick={() => setConfirmRestore(true)} disabled={!ready || pending}>
              Restore default mappings
            </Button>
          </div>
        )
      }
    >
      {formError ? (
        <div className="mb-3">
          <Alert tone="error">{formError}</Alert>
        </div>
      ) : null}
      {rows.length === 0 ? (
        <p className="rounded-md border border-dashed border-slate-300 px-4 py-6 text-center text-sm text-slate-600">
          {readOnly ? "No mappings." : `No mappings. Add one, or restore the ${templateName} defaults.`}
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
            {rows.map((m, i) => (
              <MappingRow key={m.key} row={m} error={rowError(i)} readOnly={readOnly} ready={ready} {...rowActions} />
            ))}
          </tbody>
        </Table>
      )}
      <ConfirmDialog
        open={confirmRestore}
        title="Restore default mappings?"
        confirmLabel="Restore default mappings"
        onConfirm={() => {
          setConfirmRestore(false);
          onRestore();
        }}
        onCancel={() => setConfirmRestore(false)}
      >
        The {noun} mappings are replaced with the {templateName} template&apos;s defaults, and the next cycle is a full
        one. Unsaved edits on this page are lost. Attributes you added to the attribute list stay.
      </ConfirmDialog>
    </Card>
  );
}

function MappingRow({
  row: m,
  error,
  readOnly,
  ready,
  onEdit,
  onDelete,
}: { row: DraftMapping; error: string | undefined; readOnly: boolean; ready: boolean } & RowActions) {
  return (
    <Tr className={error ? "bg-red-50/50" : ""}>
      <Td className="max-w-sm font-mono text-xs break-all">
        {m.mappingType === "Constant" ? <span className="font-sans text-slate-500">Constant: </span> : null}
        {m.source}
        {m.defaultValue ? <span className="block font-sans text-slate-500">Default: {m.defaultValue}</span> : null}
        {error ? (
          <span className="mt-1 block font-sans text-red-700" role="alert">
            {error}
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
            onClick={() => onEdit(m)}
            disabled={!ready}
          >
            View
          </Button>
        ) : (
          <>
            <Button
              variant="ghost"
              aria-label={`Edit mapping for ${m.target}`}
              onClick={() => onEdit(m)}
              disabled={!ready}
            >
              Edit
            </Button>
            <Button
              variant="ghost"
              aria-label={`Delete mapping for ${m.target}`}
              onClick={() => onDelete(m.key)}
              disabled={!ready}
            >
              Delete
            </Button>
          </>
        )}
      </Td>
    </Tr>
  );
}
