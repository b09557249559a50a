"use client";

import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";

export default function DirectoryError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div className="max-w-2xl space-y-3">
      <Alert tone="error" title="This directory page could not be loaded">
        The server ran into a problem reading the directory. Nothing was changed.
      </Alert>
      <Button onClick={() => reset()}>Try again</Button>
    </div>
  );
}
