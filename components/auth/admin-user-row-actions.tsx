"use client";

import { useState, useTransition, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Input, Select } from "@/components/ui/field";
import type { ActionResult } from "@/lib/action-result";

type Props = {
  userId: string;
  username: string;
  role: string;
  isMe: boolean;
  /** "sso": no Provisio password to set. */
  signInMethod: "password" | "sso";
  /** The provider's claim sets this person's role at every sign-in, so it is shown, not chosen. */
  roleFromSso: boolean;
  changeRole: (userId: string, role: string) => Promise<ActionResult>;
  resetPassword: (userId: string, fd: FormData) => Promise<ActionResult>;
  remove: (userId: string) => Promise<ActionResult>;
};

/** Role, password reset and removal for one person; errors show next to the row. */
export function AdminUserRowActions({
  userId,
  username,
  role,
  isMe,
  signInMethod,
  roleFromSso,
  changeRole,
  resetPassword,
  remove,
}: Props) {
  const [pending, startTransition] = useTransition();
  const [message, setMessage] = useState<{ tone: "error" | "ok"; text: string } | null>(null);
  const [mode, setMode] = useState<"idle" | "password" | "remove">("idle");

  const run = (fn: () => Promise<ActionResult>, ok: string) =>
    startTransition(async () => {
      const r = await fn();
      setMessage(r.ok ? { tone: "ok", text: ok } : { tone: "error", text: r.error });
      if (r.ok) setMode("idle");
    });

  function onPassword(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const fd = new FormData(e.currentTarget);
    run(() => resetPassword(userId, fd), "Password set; their sessions were signed out.");
  }

  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-center gap-2">
        <label className="sr-only" htmlFor={`role-${userId}`}>
          Role of {username}
        </label>
        <div className="w-40">
          <Select
            id={`role-${userId}`}
            value={role}
            disabled={pending || roleFromSso}
            aria-describedby={roleFromSso ? `role-note-${userId}` : undefined}
            onChange={(e) => run(() => changeRole(userId, e.target.value), "Role changed.")}
          >
            <option value="Administrator">Administrator</option>
            <option value="Reader">Reader</option>
          </Select>
        </div>
        {roleFromSso ? (
          <span id={`role-note-${userId}`} className="text-xs text-slate-500">
            Role from their groups at sign-in
          </span>
        ) : null}
        {signInMethod === "password" ? (
          <Button onClick={() => setMode(mode === "password" ? "idle" : "password")} disabled={pending}>
            Set password
          </Button>
        ) : null}
        {!isMe ? (
          <Button variant="danger" onClick={() => setMode(mode === "remove" ? "idle" : "remove")} disabled={pending}>
            Remove
          </Button>
        ) : null}
      </div>
      {mode === "password" ? (
        <form onSubmit={onPassword} className="flex items-center gap-2">
          <label className="sr-only" htmlFor={`pw-${userId}`}>
            New password for {username}
          </label>
          <Input
            id={`pw-${userId}`}
            name="password"
            type="password"
            autoComplete="new-password"
            placeholder="New password"
            className="w-56"
          />
          <Button type="submit" variant="primary" disabled={pending}>
            Save password
          </Button>
        </form>
      ) : null}
      {mode === "remove" ? (
        <div className="flex items-center gap-2 text-sm">
          <span>Remove {username}? They are signed out at once.</span>
          <Button variant="danger" disabled={pending} onClick={() => run(() => remove(userId), "Removed.")}>
            Yes, remove
          </Button>
          <Button variant="ghost" onClick={() => setMode("idle")}>
            Cancel
          </Button>
        </div>
      ) : null}
      {message ? (
        <p
          role={message.tone === "error" ? "alert" : "status"}
          className={`text-xs ${message.tone === "error" ? "text-red-700" : "text-green-700"}`}
        >
          {message.text}
        </p>
      ) : null}
    </div>
  );
}
