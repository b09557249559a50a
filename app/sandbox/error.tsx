"use client";

import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";

export default function SandboxError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div className="max-w-2xl space-y-3">
      <Alert tone="error" title="The sandbox page could not be loaded">
        The server could not read the sandbox&apos;s users, groups or token. Nothing was changed. Check that the
        database is reachable, then try again.
      </Alert>
      <Button onClick={() => reset()}>Try again</Button>
    </div>
  );
}
