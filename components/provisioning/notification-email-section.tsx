import { SendTestEmailButton } from "@/components/notify/send-test-email-button";
import { Card } from "@/components/ui/card";
import { Field, Input } from "@/components/ui/field";
import { CheckboxField } from "./checkbox-field";
import type { SectionProps } from "./provisioning-form-state";

/** Notification Email: where failures are reported, with a test email. */
export function NotificationEmailSection({ view, form, errors, update, readOnly }: SectionProps) {
  return (
    <Card
      id="notification-email"
      title="Notification Email"
      description="Where to send an email when provisioning fails, for example when the job goes to quarantine."
    >
      <div className="max-w-md space-y-3">
        <Field label="Notification Email" htmlFor="notificationEmail" error={errors.notificationEmail}>
          <Input
            id="notificationEmail"
            type="email"
            autoComplete="email"
            placeholder="admin@contoso.com"
            value={form.notificationEmail}
            onChange={(e) => update("notificationEmail", e.target.value)}
            aria-invalid={Boolean(errors.notificationEmail)}
            aria-describedby={errors.notificationEmail ? "notificationEmail-error" : undefined}
          />
        </Field>
        <CheckboxField id="sendOnFailure" checked={form.sendOnFailure} onChange={(v) => update("sendOnFailure", v)}>
          Send an email notification when a failure occurs
        </CheckboxField>
        {readOnly ? null : <SendTestEmailButton applicationId={view.applicationId} email={form.notificationEmail} />}
      </div>
    </Card>
  );
}
