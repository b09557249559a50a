import Link from "next/link";
import type { Ref } from "react";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { Field, Input } from "@/components/ui/field";
import type { SectionProps } from "./provisioning-form-state";
import { SecretTokenField } from "./secret-token-field";
import { TestConnection } from "./test-connection";
import type { CredentialsTest } from "./use-provisioning-form";

/** Admin Credentials: the target's Tenant URL and Secret Token, and Test Connection. */
export function AdminCredentialsSection(
  props: SectionProps & {
    tokenFieldRef: Ref<HTMLInputElement>;
    onReplaceToken: () => void;
    onKeepSavedToken: () => void;
    test: CredentialsTest;
    savedCredentialsUntouched: boolean;
  },
) {
  const { view, form, errors, update, readOnly } = props;
  return (
    <Card
      id="admin-credentials"
      title="Admin Credentials"
      description={`The SCIM endpoint of ${view.template.name} and the bearer token it issued. The token is stored encrypted and is never shown again.`}
    >
      <div className="space-y-4">
        <Field
          label="Tenant URL"
          htmlFor="tenantUrl"
          error={errors.tenantUrl}
          hint={`For example ${view.template.tenantUrlHint}`}
        >
          <Input
            id="tenantUrl"
            type="url"
            inputMode="url"
            autoComplete="off"
            spellCheck={false}
            placeholder={view.template.tenantUrlHint}
            value={form.tenantUrl}
            onChange={(e) => update("tenantUrl", e.target.value)}
            aria-invalid={Boolean(errors.tenantUrl)}
            aria-describedby={errors.tenantUrl ? "tenantUrl-error" : undefined}
          />
        </Field>

        <SecretTokenField
          {...props}
          inputRef={props.tokenFieldRef}
          onReplace={props.onReplaceToken}
          onKeepSaved={props.onKeepSavedToken}
        />
        {view.secretTokenUnreadable ? (
          <Alert tone="warning" title="The saved token cannot be read">
            The encryption key has changed since it was saved. Enter the token again.
          </Alert>
        ) : null}

        <details className="text-sm text-slate-600">
          <summary className="cursor-pointer text-blue-700 hover:underline">Where do I find these?</summary>
          <p className="mt-1">{view.template.credentialsHelp}</p>
          <p className="mt-1">
            No tenant at hand? The built-in{" "}
            <Link href="/sandbox" className="text-blue-700 hover:underline">
              sandbox SCIM target
            </Link>{" "}
            shows a Tenant URL and token to try.
          </p>
        </details>

        <TestConnection
          view={view}
          tenantUrl={form.tenantUrl}
          replacingToken={form.replacingToken}
          test={props.test}
          savedCredentialsUntouched={props.savedCredentialsUntouched}
          readOnly={readOnly}
        />
      </div>
    </Card>
  );
}
