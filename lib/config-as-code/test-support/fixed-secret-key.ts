import crypto from "node:crypto";

// Imported first by a test that shares one secret key with the CLI processes it starts: env() reads
// PROVISIO_SECRET_KEY once, on first use, which importing lib/db/prisma already is.
process.env.PROVISIO_SECRET_KEY = crypto.randomBytes(32).toString("hex");
