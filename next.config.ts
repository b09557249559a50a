import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Separate build folders let tests and several dev servers run side by side.
  distDir: process.env.NEXT_DIST_DIR ?? ".next",
  // Native and WebAssembly database drivers must be loaded by Node, not bundled.
  serverExternalPackages: ["@prisma/client", ".prisma/client", "@prisma/adapter-libsql", "@libsql/client", "libsql", "scimmy"],
  poweredByHeader: false,
  typedRoutes: false,
};

export default nextConfig;
