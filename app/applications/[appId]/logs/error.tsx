"use client";

import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";

export default function LogsError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div className="max-w-2xl space-y-3">
      <Alert tone="error" title="The provisioning logs could not be loaded">
        Try again; if it keeps failing, check the server log.
      </Alert>
      <Button onClick={reset}>Try again</Button>
    </div>
  );
}
