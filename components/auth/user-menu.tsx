import Link from "next/link";
import type { SignedInUser } from "@/lib/auth/roles";

const linkClass = "font-medium text-blue-700 hover:underline focus-visible:outline-2 focus-visible:outline-blue-600";

/** Top of the sidebar: who is signed in, their role, their account, people (Administrators) and Sign out. */
export function UserMenu({ user }: { user: SignedInUser }) {
  return (
    <div
      className="mx-3 mb-4 rounded-md border border-slate-200 bg-slate-50 px-3 py-2 text-sm"
      role="group"
      aria-label="Signed-in user"
    >
      <Link
        href="/account"
        className="block truncate font-medium text-slate-900 hover:underline"
        title={`${user.username} (your account)`}
      >
        {user.displayName || user.username}
      </Link>
      <p className="text-xs text-slate-500" data-testid="current-role">
        {user.role}
      </p>
      <div className="mt-1.5 flex flex-wrap items-center gap-x-3 gap-y-1 text-xs">
        {user.role === "Administrator" ? (
          <Link href="/admin/users" className={linkClass}>
            People
          </Link>
        ) : null}
        {/* A plain form post: signing out works without JavaScript and is a route handler Readers may call. */}
        <form action="/api/auth/signout" method="post">
          <button type="submit" className={linkClass}>
            Sign out
          </button>
        </form>
      </div>
    </div>
  );
}
