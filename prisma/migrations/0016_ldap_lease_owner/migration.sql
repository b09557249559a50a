-- The LDAP sync run that holds its source's lease (lib/sources/ldap/ldap-sync-lease.ts): a run renews and
-- frees only its own lease, so a run that lost it (its lease expired and another run took the source) stops
-- instead of writing, and deleting, beside the run that took over.
-- AlterTable
ALTER TABLE "LdapSourceConfig" ADD COLUMN "leaseRunId" INTEGER;
