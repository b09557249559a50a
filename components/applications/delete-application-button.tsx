"use client";

import { useState, useTransition } from "react";
import type { ActionResult } from "@/lib/action-result";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/alert";
import { ModalDialog } from "./modal-dialog";

type DeleteAction = (input: { applicationId: string }) => Promise<ActionResult<{ name: string }>>;

/** Deletes the application after a confirmation that says what goes with it. */
export function DeleteApplicationButton({
  applicationId,
  name,
  action,
}: {
  applicationId: string;
  name: string;
  action: DeleteAction;
}) {
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  function confirm() {
    setError(null);
    startTransition(async () => {
      const result = await action({ applicationId });
      // On success the action redirects to the list.
      if (result && !result.ok) setError(result.error);
    });
  }

  return (
    <>
      <Button variant="danger" onClick={() => setOpen(true)}>
        Delete application
      </Button>
      <ModalDialog
        open={open}
        onClose={() => setOpen(false)}
        title={`Delete ${name}?`}
        description="Its assignments, provisioning settings, attribute mappings, connector data and provisioning logs are deleted too. Users and groups already provisioned in the target application stay there."
      >
        {error ? (
          <div className="mb-3">
            <Alert tone="error">{error}</Alert>
          </div>
        ) : null}
        <div className="flex justify-end gap-2">
          <Button onClick={() => setOpen(false)} disabled={pending} autoFocus>
            Cancel
          </Button>
          <Button variant="danger" onClick={confirm} disabled={pending}>
            {pending ? "Deleting…" : "Delete"}
          </Button>
        </div>
      </ModalDialog>
    </>
  );
}
