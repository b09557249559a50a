import { z } from "zod";

/** What can be assigned to an application: a directory user or a directory group. */
export const principalTypeSchema = z.enum(["User", "Group"]);
export type PrincipalType = z.infer<typeof principalTypeSchema>;
