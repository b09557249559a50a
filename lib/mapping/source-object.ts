/**
 * The object an expression or a scoping filter reads: Entra attribute names (userPrincipalName, mailNickname,
 * givenName, surname, displayName, mail, department, jobTitle, employeeId, accountEnabled, ...), plus objectId,
 * IsSoftDeleted (boolean), appRoleAssignments ({ appRoleId?, displayName }[]) and, for groups, members (objectIds).
 */
export type SourceObject = Record<string, unknown>;

export type AppRoleAssignmentValue = { appRoleId?: string; displayName: string };

const hasOwn = Object.prototype.hasOwnProperty;

/**
 * Reads an attribute the way Entra resolves attribute names: exactly first, then ignoring letter case
 * (`[UserPrincipalName]` finds `userPrincipalName`). A missing attribute reads as null.
 */
export function readAttribute(source: SourceObject, name: string): unknown {
  if (hasOwn.call(source, name)) {
    const v = source[name];
    return v === undefined ? null : v;
  }
  const lower = name.toLowerCase();
  for (const key in source) {
    if (key.length === name.length && key.toLowerCase() === lower) {
      const v = source[key];
      return v === undefined ? null : v;
    }
  }
  return null;
}
