import { env } from "../env";
import { setUpFirstAdmin } from "./create-admin-user";

/**
 * Unattended installs: when PROVISIO_ADMIN_USERNAME and PROVISIO_ADMIN_PASSWORD are set and no admin
 * exists yet, creates that Administrator. Does nothing once any admin exists (the variables never reset a password).
 */
export async function ensureEnvAdmin(): Promise<{ created: boolean; username?: string }> {
  const { PROVISIO_ADMIN_USERNAME: username, PROVISIO_ADMIN_PASSWORD: password } = env();
  if (!username && !password) return { created: false };
  if (!username || !password) {
    throw new Error("Set both PROVISIO_ADMIN_USERNAME and PROVISIO_ADMIN_PASSWORD, or neither.");
  }
  const created = await setUpFirstAdmin({ username, password }, "environment");
  return created ? { created: true, username: created.username } : { created: false };
}
