import { AppError } from "../errors";
import { galleryTemplates } from "../templates/gallery";

/** The app roles an application offers (its template's), with the default first choice. */
export function appRolesFor(templateId: string): { roles: string[]; defaultRole: string } {
  const template = galleryTemplates().find((t) => t.id === templateId);
  if (!template) return { roles: ["User", "Default Access"], defaultRole: "User" };
  return { roles: template.appRoles, defaultRole: template.defaultAppRole };
}

/** Checks that a role is one the application offers and returns its canonical spelling. */
export function resolveAppRole(templateId: string, role: string): string {
  const { roles } = appRolesFor(templateId);
  const match = roles.find((r) => r.toLowerCase() === role.trim().toLowerCase());
  if (!match) {
    throw new AppError(
      "assignment.invalid_role",
      `"${role}" is not an app role of this application. Choose one of: ${roles.join(", ")}.`,
      {
        appRole: `Choose one of: ${roles.join(", ")}`,
      },
    );
  }
  return match;
}
