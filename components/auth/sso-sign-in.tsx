import { buttonClass } from "@/components/ui/button";

/**
 * "Sign in with …": a plain link to the route handler that redirects to the company's OpenID Connect
 * provider (no JavaScript needed, and never prefetched). The password form follows below a divider.
 */
export function SsoSignIn({ providerName, next }: { providerName: string; next: string }) {
  const href = `/api/auth/oidc/start${next !== "/" ? `?next=${encodeURIComponent(next)}` : ""}`;
  return (
    <div className="space-y-4">
      <a href={href} className={buttonClass("primary", "w-full py-2")}>
        <svg aria-hidden="true" viewBox="0 0 20 20" className="h-4 w-4" fill="currentColor">
          <path
            fillRule="evenodd"
            d="M10 1a4.5 4.5 0 0 0-4.5 4.5V9H5a2 2 0 0 0-2 2v6a2 2 0 0 0 2 2h10a2 2 0 0 0 2-2v-6a2 2 0 0 0-2-2h-.5V5.5A4.5 4.5 0 0 0 10 1Zm3 8V5.5a3 3 0 1 0-6 0V9h6Z"
            clipRule="evenodd"
          />
        </svg>
        Sign in with {providerName}
      </a>
      <div className="flex items-center gap-3 text-xs text-slate-500" aria-hidden="true">
        <span className="h-px flex-1 bg-slate-200" />
        or with a Provisio password
        <span className="h-px flex-1 bg-slate-200" />
      </div>
    </div>
  );
}
