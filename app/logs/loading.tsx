export default function Loading() {
  return (
    <div role="status" aria-live="polite" className="max-w-6xl space-y-4">
      <span className="sr-only">Loading the provisioning logs…</span>
      <div className="h-32 animate-pulse rounded-lg border border-slate-200 bg-white" />
      <div className="h-96 animate-pulse rounded-lg border border-slate-200 bg-white" />
    </div>
  );
}
