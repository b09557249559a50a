import type { ReactNode } from "react";

/** The root document for signed-out screens: no sidebar, nothing but the page. */
export function AuthShellLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="bg-slate-50">
        <main id="main" className="px-4 py-10">
          {children}
        </main>
      </body>
    </html>
  );
}
