/**
 * Seeding for the provisioning benchmark, through the app's own lib/ code: a directory of N users and G
 * groups (bulk inserts with their DirectoryChange rows, as imports and the demo do), and a Zscaler Two
 * application whose job points at the benchmark's target. Import this module only
 * after DATABASE_URL / PROVISIO_DATA_DIR are set: lib/db/prisma.ts opens the database on import.
 */
import crypto from "node:crypto";
import { createApplication } from "../lib/applications/create-application";
import { prisma } from "../lib/db/prisma";
import { recordDirectoryChanges } from "../lib/directory/record-directory-change";
import { updateUser } from "../lib/directory/update-user";
import { bindSecretToken } from "../lib/applications/provisioning/bind-secret-token";

const GIVEN = [
  "Adele",
  "Bruno",
  "Chloé",
  "Dmitri",
  "Elena",
  "Farid",
  "Grace",
  "Hiro",
  "Inès",
  "Jonas",
  "Kira",
  "Liam",
  "Maya",
  "Nils",
  "Olga",
  "Pavel",
  "Quinn",
  "Rosa",
  "Søren",
  "Tara",
];
const SUR = [
  "Anders",
  "Baker",
  "Costa",
  "Díaz",
  "Evans",
  "Fischer",
  "García",
  "Hansen",
  "Ito",
  "Jensen",
  "Klein",
  "López",
  "Moreau",
  "Novak",
  "Olsen",
  "Petrov",
  "Quist",
  "Rossi",
  "Silva",
  "Tanaka",
];
const DEPARTMENTS = [
  "Engineering",
  "Sales",
  "Marketing",
  "Finance",
  "Human Resources",
  "IT",
  "Customer Support",
  "Operations",
  "Legal",
  "Research",
];
const TITLES = ["Engineer", "Analyst", "Manager", "Specialist", "Director", "Associate", "Consultant", "Coordinator"];
const CITIES: [string, string, string][] = [
  ["Seattle", "United States", "US"],
  ["London", "United Kingdom", "GB"],
  ["Berlin", "Germany", "DE"],
  ["Madrid", "Spain", "ES"],
  ["Bengaluru", "India", "IN"],
];

export type SeedResult = { userIds: string[]; groupIds: string[]; memberships: number; ms: number };

/**
 * N users and G groups; group g holds users g, g+G, g+2G, ... up to `groupSize` members, so memberships
 * spread over the directory. One transaction, createMany in slices.
 */
export async function seedDirectory(opts: {
  users: number;
  groups: number;
  groupSize: number;
  prefix: string;
}): Promise<SeedResult> {
  const t0 = performance.now();
  const userIds = Array.from({ length: opts.users }, () => crypto.randomUUID());
  const groupIds = Array.from({ length: opts.groups }, () => crypto.randomUUID());
  const users = userIds.map((id, i) => {
    const givenName = GIVEN[i % GIVEN.length];
    const surname = SUR[Math.floor(i / GIVEN.length) % SUR.length];
    const alias = `${opts.prefix}${i}`;
    const [city, country, usageLocation] = CITIES[i % CITIES.length];
    return {
      id,
      userPrincipalName: `${alias}@bench.example.com`,
      mailNickname: alias,
      displayName: `${givenName} ${surname} ${i}`,
      givenName,
      surname,
      mail: `${alias}@bench.example.com`,
      department: DEPARTMENTS[i % DEPARTMENTS.length],
      jobTitle: TITLES[i % TITLES.length],
      employeeId: `B${100000 + i}`,
      companyName: "Bench Corp",
      city,
      country,
      usageLocation,
      accountEnabled: true,
    };
  });
  const groups = groupIds.map((id, g) => ({
    id,
    displayName: `${opts.prefix} group ${g}`,
    mailNickname: `${opts.prefix}-group-${g}`,
    description: `Benchmark group ${g}`,
    securityEnabled: true,
    mailEnabled: false,
  }));
  const memberships: { groupId: string; userId: string }[] = [];
  for (let g = 0; g < groupIds.length; g++) {
    for (let k = 0; k < opts.groupSize; k++) {
      const u = g + k * groupIds.length;
      if (u >= userIds.length) break;
      memberships.push({ groupId: groupIds[g], userId: userIds[u] });
    }
  }
  await prisma.$transaction(
    async (tx) => {
      for (let i = 0; i < users.length; i += 500) await tx.directoryUser.createMany({ data: users.slice(i, i + 500) });
      for (let i = 0; i < groups.length; i += 500)
        await tx.directoryGroup.createMany({ data: groups.slice(i, i + 500) });
      for (let i = 0; i < memberships.length; i += 2000)
        await tx.groupMembership.createMany({ data: memberships.slice(i, i + 2000) });
      const changes = [
        ...userIds.map((objectId) => ({ objectType: "User" as const, objectId, kind: "Created" as const })),
        ...groupIds.map((objectId) => ({ objectType: "Group" as const, objectId, kind: "Created" as const })),
      ];
      for (let i = 0; i < changes.length; i += 2000) await recordDirectoryChanges(tx, changes.slice(i, i + 2000));
    },
    { timeout: 600_000, maxWait: 10_000 },
  );
  return { userIds, groupIds, memberships: memberships.length, ms: performance.now() - t0 };
}

/**
 * A Zscaler Two application (gallery template) with scope "All", credentials pointed at the target and
 * provisioning On. `rateLimitPerSecond` null keeps the template's 5/s; a number overrides it.
 */
export async function createBenchApplication(opts: {
  name: string;
  tenantUrl: string;
  token: string;
  rateLimitPerSecond: number | null;
}): Promise<{ applicationId: string; jobId: string }> {
  const { id: applicationId } = await createApplication({ templateId: "zscaler-two", name: opts.name }, "bench");
  const job = await prisma.provisioningJob.update({
    where: { applicationId },
    data: {
      tenantUrl: opts.tenantUrl,
      ...bindSecretToken(opts.token, opts.tenantUrl),
      scope: "All",
      rateLimitPerSecond: opts.rateLimitPerSecond,
      mode: "Automatic",
      enabled: true,
      status: "NotRun",
      credentialsTestOk: true,
      credentialsTestedAt: new Date(),
    },
    select: { id: true },
  });
  return { applicationId, jobId: job.id };
}

/** Changes the department of `count` users spread over the directory, through lib/directory (change rows written). */
export async function changeUsers(userIds: string[], count: number): Promise<{ changed: number; ms: number }> {
  const t0 = performance.now();
  const step = Math.max(1, Math.floor(userIds.length / Math.max(1, count)));
  let changed = 0;
  for (let i = 0; i < userIds.length && changed < count; i += step) {
    const r = await updateUser({ id: userIds[i], department: `Reorganised ${changed % 7}` }, "bench");
    if (r.changed.length > 0) changed++;
  }
  return { changed, ms: performance.now() - t0 };
}

export async function disconnect(): Promise<void> {
  await prisma.$disconnect();
}
