export default function SandboxLoading() {
  return (
    <div className="max-w-6xl animate-pulse space-y-6" aria-busy="true" aria-label="Loading the sandbox">
      <div className="h-8 w-64 rounded bg-slate-200" />
      <div className="h-4 w-[32rem] max-w-full rounded bg-slate-100" />
      <div className="h-40 rounded-lg border border-slate-200 bg-white" />
      <div className="h-64 rounded-lg border border-slate-200 bg-white" />
    </div>
  );
}
