export default function SourcesLoading() {
  return (
    <div className="max-w-6xl animate-pulse space-y-4" aria-busy="true" aria-label="Loading">
      <div className="h-8 w-48 rounded bg-slate-200" />
      <div className="h-4 w-96 rounded bg-slate-100" />
      <div className="h-64 rounded-lg border border-slate-200 bg-white" />
    </div>
  );
}
