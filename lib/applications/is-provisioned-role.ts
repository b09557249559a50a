/** The app role that Entra ID never provisions: such assignments grant sign-in only. */
export const DEFAULT_ACCESS_ROLE = "Default Access";

/** Why a Default Access assignment is left out of provisioning, in the words shown to admins. */
export const DEFAULT_ACCESS_EXCLUSION_REASON = "Assignments with the Default Access role are not provisioned";

/**
 * Whether an assignment with this app role is provisioned. Entra ID skips "Default Access" assignments
 * (the log says "not effectively entitled"); every other role is in scope.
 */
export function isProvisionedRole(role: string): boolean {
  return role.trim().toLowerCase() !== DEFAULT_ACCESS_ROLE.toLowerCase();
}
