import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Separate build folders let tests and several dev servers run side by side.
  distDir: process.env.NEXT_DIST_DIR ?? ".next",
  // Native and WebAssembly database drivers must be loaded by Node, not bundled.
  serverExternalPackages: [
    "@prisma/client",
    ".prisma/client",
    ".prisma/client-postgres",
    "@prisma/adapter-libsql",
    "@prisma/adapter-pg",
    "pg",
    "graphile-worker",
    "@libsql/client",
    "libsql",
    "scimmy",
  ],
  poweredByHeader: false,
  // Directory imports upload files of up to 20 MB through a server action.
  experimental: { serverActions: { bodySizeLimit: "21mb" }, proxyClientMaxBodySize: "21mb" },
  typedRoutes: false,
  // `next dev` logs every request URL: not the single sign-on callback, whose query holds a one-time code.
  logging: { incomingRequests: { ignore: [/\/api\/auth\/oidc\/callback/] } },
};

export default nextConfig;
