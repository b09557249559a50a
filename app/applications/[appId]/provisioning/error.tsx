"use client";

import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";

export default function ProvisioningError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div className="max-w-2xl space-y-3">
      <Alert tone="error" title="The provisioning configuration could not be loaded">
        Nothing was changed. Try again; if it keeps failing, check the server log.
      </Alert>
      <Button onClick={reset}>Try again</Button>
    </div>
  );
}
