import { Card } from "@/components/ui/card";
import { Table, Td, Th, Tr } from "@/components/ui/table";
import { formatTimestamp } from "@/lib/dates/format-timestamp";
import { LdapSettingsForm } from "@/components/sources/ldap-settings-form";
import { LdapSyncControls } from "@/components/sources/ldap-sync-controls";
import { LdapSyncLog } from "@/components/sources/ldap-sync-log";
import { getLdapSourceConfig } from "@/lib/sources/ldap/get-ldap-source-config";
import { listLdapSyncRuns } from "@/lib/sources/ldap/list-ldap-sync-runs";
import { requestLdapSyncAction, saveLdapSettingsAction, testLdapConnectionAction } from "../ldap-actions";

const seconds = (a: Date, b: Date | null) => (b ? `${((b.getTime() - a.getTime()) / 1000).toFixed(1)} s` : null);

/** An LDAP source's page sections: sync state and Run now, the settings (Administrators), and the sync log. */
export async function LdapSourceSections({ sourceId, canChange }: { sourceId: string; canChange: boolean }) {
  const [config, runs] = await Promise.all([getLdapSourceConfig(sourceId), listLdapSyncRuns(sourceId, 20)]);
  if (!config) return null;
  const s = config.settings;
  const fmt = (d: Date | null) => (d ? formatTimestamp(d) : null);
  return (
    <>
      <Card
        title="Sync"
        description="A full read first, then delta reads of changed entries on the interval, and a periodic full reconcile that notices deletions and moves out of the base DN."
      >
        <div className="grid gap-4 sm:grid-cols-[1fr_auto]">
          <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-2 text-sm">
            <dt className="text-slate-500">Server</dt>
            <dd className="font-mono text-xs">{s.url || "Not set"}</dd>
            <dt className="text-slate-500">Base DN</dt>
            <dd className="font-mono text-xs">{s.baseDn || "Not set"}</dd>
            <dt className="text-slate-500">Last sync</dt>
            <dd>{fmt(config.lastSyncAt) ?? "Never"}</dd>
            <dt className="text-slate-500">Last full read</dt>
            <dd>{fmt(config.lastFullSyncAt) ?? "Never"}</dd>
            <dt className="text-slate-500">Next sync</dt>
            <dd>{config.configured ? (fmt(config.nextSyncAt) ?? "After the next save") : "Not configured"}</dd>
          </dl>
          {canChange ? (
            <LdapSyncControls
              sourceId={sourceId}
              configured={config.configured}
              running={config.running}
              action={requestLdapSyncAction}
            />
          ) : null}
        </div>
      </Card>
      <Card
        title="Sync log"
        description="Each run's counts, and every entry that could not be written, with the reason."
      >
        <LdapSyncLog
          runs={runs.map((r) => ({
            ...r,
            startedAt: formatTimestamp(r.startedAt),
            duration: seconds(r.startedAt, r.endedAt),
          }))}
        />
      </Card>
      {canChange ? (
        <Card
          title="Connection and attribute mapping"
          description="The bind password is write-only and stored encrypted; it is only ever sent to the server it was saved for."
        >
          <LdapSettingsForm
            sourceId={sourceId}
            initial={s}
            hasPassword={config.hasPassword}
            saveAction={saveLdapSettingsAction}
            testAction={testLdapConnectionAction}
          />
        </Card>
      ) : (
        <Card title="Attribute mapping">
          <Table aria-label="Attribute mapping">
            <thead>
              <tr>
                <Th>Directory attribute</Th>
                <Th>LDAP attribute</Th>
              </tr>
            </thead>
            <tbody>
              {s.userMap.map((m) => (
                <Tr key={m.directory}>
                  <Td className="font-mono text-xs">{m.directory}</Td>
                  <Td className="font-mono text-xs">{m.ldap}</Td>
                </Tr>
              ))}
            </tbody>
          </Table>
        </Card>
      )}
    </>
  );
}
