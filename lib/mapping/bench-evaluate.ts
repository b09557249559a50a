/**
 * Micro-benchmark (not a test): evaluates the Zscaler Two default user mappings over 100,000 generated users,
 * as one initial cycle would, and prints evaluations per second.
 *
 *   npx tsx lib/mapping/bench-evaluate.ts [users]
 */
import template from "../templates/zscaler-two.json";
import { evaluateScopingFilters } from "../scoping/evaluate-scoping-filters";
import { evaluateMappings, type MappingDef, type SourceObject } from "./evaluate-mappings";

const count = Number(process.argv[2] ?? 100_000);
const mappings: MappingDef[] = template.userMappings.map((m) => ({
  mappingType: m.mappingType as MappingDef["mappingType"],
  source: m.source,
  target: m.target,
  applyOn: "Always",
  matchingPrecedence: "matchingPrecedence" in m ? (m.matchingPrecedence as number) : null,
}));

const departments = ["Sales", "Engineering", "Finance", "Support", null];
const users: SourceObject[] = [];
for (let i = 0; i < count; i++) {
  users.push({
    objectId: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
    userPrincipalName: `user${i}@contoso.example`,
    mailNickname: `user${i}`,
    displayName: `User ${i}`,
    givenName: `Given${i}`,
    surname: `Surname${i}`,
    mail: `user${i}@contoso.example`,
    department: departments[i % departments.length],
    jobTitle: i % 3 === 0 ? "Engineer" : null,
    accountEnabled: i % 50 !== 0,
    IsSoftDeleted: i % 50 === 0,
    appRoleAssignments: [{ displayName: "User" }],
  });
}

// A heavier, expression-only set, for comparison.
const expressionMappings: MappingDef[] = [
  'Join("@", ToLower(NormalizeDiacritics(StripSpaces(Join(".", [givenName], [surname])))), "example.com")',
  'Switch([department], "Other", "Sales", "S", "Engineering", "E", "Finance", "F")',
  "IgnoreFlowIfNullOrEmpty([jobTitle])",
  "Not([IsSoftDeleted])",
  "SingleAppRoleAssignment([appRoleAssignments])",
  'Replace([mail], , "(?<Suffix>@(.)*)", "Suffix", "", , )',
].map((source, i) => ({ mappingType: "Expression", source, target: `t${i}`, applyOn: "Always" }));

function measure(label: string, set: MappingDef[]): void {
  const now = new Date();
  const run = () => {
    for (let i = 0; i < users.length; i++) {
      const r = evaluateMappings({ source: users[i], mappings: set, operation: "Create", now });
      if (r.errors.length > 0) throw new Error(r.errors[0].message);
    }
  };
  run(); // warm-up: parse and compile once, let V8 optimise
  let best = Infinity;
  for (let r = 0; r < 3; r++) {
    const start = process.hrtime.bigint();
    run();
    best = Math.min(best, Number(process.hrtime.bigint() - start) / 1e6);
  }
  const usersPerSecond = Math.round((count / best) * 1000);
  console.log(
    `${label}: ${usersPerSecond.toLocaleString("en-US")} users/s, ` +
      `${(usersPerSecond * set.length).toLocaleString("en-US")} mapping evaluations/s ` +
      `(${set.length} mappings, ${count.toLocaleString("en-US")} users in ${Math.round(best)} ms)`,
  );
}

measure("Zscaler Two default user mappings", mappings);
measure("Expression-heavy mappings", expressionMappings);

// Regular expressions run on RE2 (linear time, see expression/regex-cache.ts): the cost of one call.
function perCall(label: string, run: (user: SourceObject) => unknown): void {
  for (const u of users) run(u); // warm-up
  let best = Infinity;
  for (let r = 0; r < 3; r++) {
    const start = process.hrtime.bigint();
    for (const u of users) run(u);
    best = Math.min(best, Number(process.hrtime.bigint() - start) / 1e6);
  }
  console.log(`${label}: ${((best * 1000) / count).toFixed(2)} µs per object`);
}
const regexFilter = [
  { clauses: [{ attribute: "userPrincipalName", operator: "REGEX MATCH", value: ".*\\@contoso.example" }] },
];
const regexReplace = (source: string): MappingDef[] => [
  { mappingType: "Expression", source, target: "t", applyOn: "Always" },
];
const plain = regexReplace('Replace([mail], , "[.@]", , "_", , )');
const grouped = regexReplace('Replace([mail], , "(?<Suffix>@(.)*)", "Suffix", "", , )');
perCall("Scoping filter REGEX MATCH", (u) => evaluateScopingFilters(regexFilter, u));
perCall("Replace by regex, every match", (u) => evaluateMappings({ source: u, mappings: plain, operation: "Create" }));
perCall("Replace of a named group", (u) => evaluateMappings({ source: u, mappings: grouped, operation: "Create" }));
