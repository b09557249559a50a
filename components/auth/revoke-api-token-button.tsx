"use client";

import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import type { ActionResult } from "@/lib/action-result";

/** Revoke with a confirmation step; the token stops working at once. */
export function RevokeApiTokenButton({
  tokenId,
  name,
  revoke,
}: {
  tokenId: string;
  name: string;
  revoke: (tokenId: string) => Promise<ActionResult>;
}) {
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  if (!confirming)
    return (
      <Button variant="danger" onClick={() => setConfirming(true)} aria-label={`Revoke ${name}`}>
        Revoke
      </Button>
    );
  return (
    <div className="space-y-1">
      <div className="flex items-center gap-2 text-sm">
        <span>Revoke {name}? Calls made with it fail at once.</span>
        <Button
          variant="danger"
          disabled={pending}
          onClick={() =>
            startTransition(async () => {
              const r = await revoke(tokenId);
              if (!r.ok) setError(r.error);
            })
          }
        >
          Yes, revoke
        </Button>
        <Button variant="ghost" onClick={() => setConfirming(false)}>
          Cancel
        </Button>
      </div>
      {error ? (
        <p role="alert" className="text-xs text-red-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}
