"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Field, Input, Select } from "@/components/ui/field";
import { SendTestEmailButton } from "./send-test-email-button";

/** Send a test notification from the outbox page: pick an application and an address. */
export function OutboxTestEmailForm({
  applications,
}: {
  applications: { id: string; name: string; notificationEmail: string | null }[];
}) {
  const router = useRouter();
  const [appId, setAppId] = useState(applications[0]?.id ?? "");
  const [email, setEmail] = useState(applications[0]?.notificationEmail ?? "");
  if (applications.length === 0) return null;
  return (
    <div className="grid gap-3 rounded-lg border border-slate-200 bg-white p-4 shadow-sm sm:grid-cols-[minmax(0,1fr)_minmax(0,1fr)_auto] sm:items-start">
      <Field label="Application" htmlFor="test-app">
        <Select
          id="test-app"
          value={appId}
          onChange={(e) => {
            setAppId(e.target.value);
            setEmail(applications.find((a) => a.id === e.target.value)?.notificationEmail ?? "");
          }}
        >
          {applications.map((a) => (
            <option key={a.id} value={a.id}>
              {a.name}
            </option>
          ))}
        </Select>
      </Field>
      <Field label="Send to" htmlFor="test-email" hint="Empty: the application's saved notification email">
        <Input
          id="test-email"
          type="email"
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          placeholder="admin@example.com"
        />
      </Field>
      <div className="sm:pt-6">
        <SendTestEmailButton applicationId={appId} email={email} onSent={() => router.refresh()} />
      </div>
    </div>
  );
}
