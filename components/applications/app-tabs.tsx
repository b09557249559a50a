"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

/** The application's tabs. The current one carries aria-current="page". */
export function AppTabs({ appId }: { appId: string }) {
  const pathname = usePathname();
  const base = `/applications/${appId}`;
  const tabs = [
    { href: base, label: "Overview", active: pathname === base },
    {
      href: `${base}/users-and-groups`,
      label: "Users and groups",
      active: pathname.startsWith(`${base}/users-and-groups`),
    },
    {
      href: `${base}/provisioning`,
      label: "Provisioning",
      active: pathname === `${base}/provisioning` || pathname.startsWith(`${base}/provisioning/`),
    },
    { href: `${base}/logs`, label: "Provisioning logs", active: pathname.startsWith(`${base}/logs`) },
    { href: `${base}/cycles`, label: "Cycles", active: pathname.startsWith(`${base}/cycles`) },
    {
      href: `${base}/configuration`,
      label: "Configuration",
      active: pathname.startsWith(`${base}/configuration`),
    },
    { href: `${base}/audit`, label: "Audit", active: pathname.startsWith(`${base}/audit`) },
  ];
  return (
    <nav aria-label="Application" className="border-b border-slate-200">
      <ul className="-mb-px flex gap-1">
        {tabs.map((t) => (
          <li key={t.href}>
            <Link
              href={t.href}
              aria-current={t.active ? "page" : undefined}
              className={`inline-block border-b-2 px-3 py-2 text-sm focus-visible:outline-2 focus-visible:outline-blue-600 ${
                t.active
                  ? "border-blue-600 font-medium text-blue-800"
                  : "border-transparent text-slate-600 hover:border-slate-300 hover:text-slate-900"
              }`}
            >
              {t.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
