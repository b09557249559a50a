import { createHash } from "node:crypto";
import type { Prisma } from "@prisma/client";
import { prisma } from "../db/prisma";
import { recordDirectoryChanges } from "./record-directory-change";

/**
 * The demo directory loaded on first start: a fictional company (Contoso) of 300 people in 8 departments and
 * 11 groups. Everything is derived from fixed lists and the row number, never from randomness or the clock,
 * so every installation gets the same users, ids and memberships.
 */

const DOMAIN = "contoso.com";
const DELETED_AT = new Date("2026-01-15T09:30:00.000Z");

const departments: { name: string; size: number; titles: string[] }[] = [
  {
    name: "Engineering",
    size: 75,
    titles: [
      "Software Engineer",
      "Senior Software Engineer",
      "Software Engineer",
      "Site Reliability Engineer",
      "Software Engineer",
      "QA Engineer",
      "Senior Software Engineer",
      "Principal Engineer",
      "Software Engineer",
      "Engineering Manager",
    ],
  },
  {
    name: "Sales",
    size: 50,
    titles: [
      "Account Executive",
      "Sales Development Representative",
      "Account Executive",
      "Sales Engineer",
      "Sales Development Representative",
      "Regional Sales Manager",
    ],
  },
  {
    name: "Marketing",
    size: 30,
    titles: ["Marketing Specialist", "Content Strategist", "Product Marketing Manager", "Marketing Director"],
  },
  {
    name: "Finance",
    size: 25,
    titles: ["Financial Analyst", "Accountant", "Payroll Specialist", "Financial Controller"],
  },
  {
    name: "Human Resources",
    size: 20,
    titles: ["HR Generalist", "Recruiter", "HR Business Partner", "Head of People"],
  },
  {
    name: "IT",
    size: 25,
    titles: ["IT Support Specialist", "Systems Administrator", "Identity Engineer", "IT Manager"],
  },
  {
    name: "Customer Support",
    size: 55,
    titles: [
      "Support Agent",
      "Support Agent",
      "Senior Support Agent",
      "Customer Success Manager",
      "Support Agent",
      "Support Team Lead",
    ],
  },
  {
    name: "Operations",
    size: 20,
    titles: ["Operations Analyst", "Procurement Specialist", "Facilities Coordinator", "Office Manager"],
  },
];

const offices = [
  {
    officeLocation: "Seattle HQ",
    streetAddress: "400 Pine Street",
    city: "Seattle",
    state: "WA",
    postalCode: "98101",
    country: "United States",
    usageLocation: "US",
    preferredLanguage: "en-US",
    phone: "+1 206 555",
  },
  {
    officeLocation: "London",
    streetAddress: "1 Finsbury Avenue",
    city: "London",
    state: null,
    postalCode: "EC2M 2PF",
    country: "United Kingdom",
    usageLocation: "GB",
    preferredLanguage: "en-GB",
    phone: "+44 20 7946",
  },
  {
    officeLocation: "Berlin",
    streetAddress: "Friedrichstraße 68",
    city: "Berlin",
    state: "Berlin",
    postalCode: "10117",
    country: "Germany",
    usageLocation: "DE",
    preferredLanguage: "de-DE",
    phone: "+49 30 901820",
  },
  {
    officeLocation: "Stockholm",
    streetAddress: "Kungsgatan 44",
    city: "Stockholm",
    state: null,
    postalCode: "111 35",
    country: "Sweden",
    usageLocation: "SE",
    preferredLanguage: "sv-SE",
    phone: "+46 8 4650",
  },
  {
    officeLocation: "Madrid",
    streetAddress: "Calle de Alcalá 21",
    city: "Madrid",
    state: "Madrid",
    postalCode: "28014",
    country: "Spain",
    usageLocation: "ES",
    preferredLanguage: "es-ES",
    phone: "+34 91 555",
  },
  {
    officeLocation: "Bengaluru",
    streetAddress: "80 Feet Road, Koramangala",
    city: "Bengaluru",
    state: "Karnataka",
    postalCode: "560034",
    country: "India",
    usageLocation: "IN",
    preferredLanguage: "en-IN",
    phone: "+91 80 4040",
  },
];
// Seattle is the head office, so most people sit there.
const officePattern = [0, 0, 1, 0, 2, 0, 3, 1, 0, 4, 0, 5, 2, 0, 1];

// People everyone in the demo will recognise first in the list, including names that need Unicode.
const featured: [string, string][] = [
  ["Zoë", "Ångström"],
  ["José", "Núñez"],
  ["Adele", "Vance"],
  ["Alex", "Wilber"],
  ["Megan", "Bowen"],
  ["Søren", "Kierkegaard-Lund"],
  ["Chloé", "Dubois"],
  ["Łukasz", "Wiśniewski"],
  ["Aoife", "O'Connor"],
  ["Björn", "Müller"],
];

const givenNames = [
  "Aaliyah",
  "Aarav",
  "Abigail",
  "Ahmed",
  "Aiko",
  "Alejandro",
  "Amara",
  "Ana",
  "Andrei",
  "Anika",
  "Arjun",
  "Beatriz",
  "Benjamin",
  "Camila",
  "Carlos",
  "Chen",
  "Chidi",
  "Daniel",
  "Diego",
  "Elena",
  "Emma",
  "Ethan",
  "Fatima",
  "Freya",
  "Gabriel",
  "Grace",
  "Hannah",
  "Hiroshi",
  "Ingrid",
  "Isabella",
  "Ivan",
  "Jamal",
  "Jin",
  "Kai",
  "Kenji",
  "Laila",
  "Lars",
  "Leila",
  "Liam",
  "Lucía",
  "Maya",
  "Mateo",
  "Mei",
  "Mohammed",
  "Nadia",
  "Noah",
  "Olivia",
  "Omar",
  "Priya",
  "Rafael",
  "Ravi",
  "Sakura",
  "Samuel",
  "Sofia",
  "Tomás",
  "Wei",
  "Yusuf",
  "Zainab",
  "Noor",
  "Erik",
];
const surnames = [
  "Adeyemi",
  "Andersson",
  "Bakker",
  "Becker",
  "Bianchi",
  "Chen",
  "Costa",
  "Dubois",
  "Eriksson",
  "Fernández",
  "Fischer",
  "García",
  "Gupta",
  "Haddad",
  "Hansen",
  "Hernández",
  "Ito",
  "Jansen",
  "Johnson",
  "Kapoor",
  "Kim",
  "Kowalski",
  "Larsen",
  "Lee",
  "López",
  "Martin",
  "Martínez",
  "Müller",
  "Nakamura",
  "Nguyen",
  "Nielsen",
  "Novak",
  "Okafor",
  "Olsen",
  "Patel",
  "Pereira",
  "Petrov",
  "Quinn",
  "Rahman",
  "Reddy",
  "Rossi",
  "Sánchez",
  "Santos",
  "Schmidt",
  "Silva",
  "Singh",
  "Sato",
  "Suzuki",
  "Tanaka",
  "Thompson",
  "Van Dijk",
  "Wagner",
  "Walker",
  "Wang",
  "Weber",
  "Williams",
  "Yamamoto",
  "Yilmaz",
  "Zhang",
  "Ozturk",
  "Byrne",
];

function stableId(kind: string, n: number): string {
  const h = createHash("sha1").update(`provisio-demo:${kind}:${n}`).digest("hex");
  // Shaped like an RFC 4122 version-5 UUID, as Entra objectIds are GUIDs.
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h.slice(16, 18), 16) & 0x3f) | 0x80).toString(16)}${h.slice(18, 20)}-${h.slice(20, 32)}`;
}

function asciiAlias(s: string): string {
  return s
    .replace(/[Øø]/g, "o")
    .replace(/[Łł]/g, "l")
    .replace(/[Ææ]/g, "ae")
    .replace(/ß/g, "ss")
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, "");
}

export type DemoUser = Prisma.DirectoryUserCreateManyInput & { id: string; department: string };

/** The demo users, in a fixed order; exported for tests. */
export function demoUsers(): DemoUser[] {
  const people: [string, string][] = [...featured];
  const seen = new Set(people.map(([g, s]) => `${g} ${s}`));
  for (let i = 0; people.length < 300; i++) {
    const g = givenNames[i % givenNames.length];
    const s = surnames[(i + Math.floor(i / givenNames.length) * 7) % surnames.length];
    if (seen.has(`${g} ${s}`)) continue;
    seen.add(`${g} ${s}`);
    people.push([g, s]);
  }
  const deptOf: { name: string; title: string }[] = [];
  for (const d of departments)
    for (let k = 0; k < d.size; k++) deptOf.push({ name: d.name, title: d.titles[k % d.titles.length] });
  // Spread departments over the people so that neighbours in the alphabet are not all colleagues.
  const order = deptOf.map((_, i) => (i * 97) % deptOf.length);

  const aliases = new Map<string, number>();
  return people.map(([givenName, surname], i) => {
    const dept = deptOf[order[i]];
    const office = offices[officePattern[i % officePattern.length]];
    let alias = `${asciiAlias(givenName)}.${asciiAlias(surname)}`;
    const n = (aliases.get(alias) ?? 0) + 1;
    aliases.set(alias, n);
    if (n > 1) alias = `${alias}${n}`;
    const upn = `${alias}@${DOMAIN}`;
    const extension = String(1000 + ((i * 37) % 9000)).padStart(4, "0");
    return {
      id: stableId("user", i),
      userPrincipalName: upn,
      mailNickname: alias,
      displayName: `${givenName} ${surname}`,
      givenName,
      surname,
      mail: upn,
      department: dept.name,
      jobTitle: dept.title,
      employeeId: `E${10001 + i}`,
      companyName: "Contoso",
      officeLocation: office.officeLocation,
      streetAddress: office.streetAddress,
      city: office.city,
      state: office.state,
      postalCode: office.postalCode,
      country: office.country,
      usageLocation: office.usageLocation,
      telephoneNumber: i % 3 === 0 ? `${office.phone} ${extension}` : null,
      mobilePhone: i % 4 === 1 ? `${office.phone} ${String(5000 + ((i * 53) % 4999))}` : null,
      preferredLanguage: office.preferredLanguage,
      // A handful of leavers and people on leave: blocked from signing in.
      accountEnabled: !(i % 37 === 12),
      // Two former employees sit in Deleted users.
      deletedAt: i === 123 || i === 251 ? DELETED_AT : null,
    };
  });
}

type DemoGroup = { group: Prisma.DirectoryGroupCreateManyInput & { id: string }; memberIds: string[] };

export function demoGroups(users: DemoUser[]): DemoGroup[] {
  const live = users.filter((u) => !u.deletedAt);
  const inDept = (...names: string[]) => live.filter((u) => names.includes(u.department)).map((u) => u.id);
  const out: DemoGroup[] = departments.map((d, i) => ({
    group: {
      id: stableId("group", i),
      displayName: d.name,
      mailNickname: asciiAlias(d.name.replace(/\s+/g, "-")),
      description: `Everyone in ${d.name}.`,
      mail: `${asciiAlias(d.name.replace(/\s+/g, "-"))}@${DOMAIN}`,
      securityEnabled: true,
      mailEnabled: true,
    },
    memberIds: inDept(d.name),
  }));
  out.push({
    group: {
      id: stableId("group", 100),
      displayName: "All Staff",
      mailNickname: "allstaff",
      description: "Every employee of Contoso.",
      mail: `allstaff@${DOMAIN}`,
      securityEnabled: true,
      mailEnabled: true,
    },
    memberIds: live.map((u) => u.id),
  });
  out.push({
    group: {
      id: stableId("group", 101),
      displayName: "Zscaler Users",
      mailNickname: "zscaler-users",
      description: "People whose internet traffic goes through Zscaler Internet Access.",
      mail: null,
      securityEnabled: true,
      mailEnabled: false,
    },
    memberIds: live
      .filter(
        (u, i) => u.department === "IT" || u.department === "Sales" || (u.department === "Engineering" && i % 2 === 0),
      )
      .map((u) => u.id),
  });
  out.push({
    group: {
      id: stableId("group", 102),
      displayName: "VPN Users",
      mailNickname: "vpn-users",
      description: "Remote access to the corporate network.",
      mail: null,
      securityEnabled: true,
      mailEnabled: false,
    },
    memberIds: inDept("Engineering", "IT", "Finance"),
  });
  return out;
}

/** Loads the demo directory into an empty directory, in one transaction, recording every object as created. */
export async function seedDemoDirectory(): Promise<{ users: number; groups: number }> {
  const users = demoUsers();
  const groups = demoGroups(users);
  await prisma.$transaction(
    async (tx) => {
      for (let i = 0; i < users.length; i += 500) await tx.directoryUser.createMany({ data: users.slice(i, i + 500) });
      await tx.directoryGroup.createMany({ data: groups.map((g) => g.group) });
      const memberships = groups.flatMap((g) => g.memberIds.map((userId) => ({ groupId: g.group.id, userId })));
      for (let i = 0; i < memberships.length; i += 1000)
        await tx.groupMembership.createMany({ data: memberships.slice(i, i + 1000) });
      await recordDirectoryChanges(tx, [
        ...users.map((u) => ({ objectType: "User" as const, objectId: u.id, kind: "Created" as const })),
        ...users
          .filter((u) => u.deletedAt)
          .map((u) => ({ objectType: "User" as const, objectId: u.id, kind: "SoftDeleted" as const })),
        ...groups.map((g) => ({ objectType: "Group" as const, objectId: g.group.id, kind: "Created" as const })),
      ]);
    },
    { timeout: 60_000, maxWait: 10_000 },
  );
  return { users: users.length, groups: groups.length };
}
