"use client";

import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";

export default function SourcesError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div className="max-w-2xl space-y-3">
      <Alert tone="error" title="This source page could not be loaded">
        The server ran into a problem reading the sources. Nothing was changed, and pushes from identity providers are
        answered as before.
      </Alert>
      <Button onClick={() => reset()}>Try again</Button>
    </div>
  );
}
