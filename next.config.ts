import type { NextConfig } from "next";
import { API_CONTENT_SECURITY_POLICY } from "./lib/http/security-headers";

const securityHeaders = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Referrer-Policy", value: "same-origin" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
];

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // A separate build directory lets parallel test builds coexist.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  serverExternalPackages: ["better-sqlite3", "@node-rs/argon2", "pino"],
  async headers() {
    return [
      { source: "/:path*", headers: securityHeaders },
      // Pages get a nonce-based policy from proxy.ts; API responses are data.
      { source: "/api/:path*", headers: [{ key: "Content-Security-Policy", value: API_CONTENT_SECURITY_POLICY }] },
    ];
  },
};

export default nextConfig;
