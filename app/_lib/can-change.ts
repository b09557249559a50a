import { canChangeThings } from "@/lib/auth/roles";
import { getCurrentUser } from "./current-user";

/**
 * For server components: may the signed-in person change things (Administrator)? Pages use it to leave out
 * change controls for Readers; proxy.ts and adminAction still refuse a Reader's changes on their own.
 */
export async function canCurrentUserChange(): Promise<boolean> {
  const user = await getCurrentUser();
  return user ? canChangeThings(user.role) : false;
}
