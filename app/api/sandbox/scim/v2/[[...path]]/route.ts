import { serveSandboxRequest } from "@/lib/sandbox/serve-sandbox-request";

// The built-in sandbox SCIM 2.0 target. All protocol work is in lib/sandbox; this only adapts HTTP.
export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const GET = serveSandboxRequest;
export const POST = serveSandboxRequest;
export const PUT = serveSandboxRequest;
export const PATCH = serveSandboxRequest;
export const DELETE = serveSandboxRequest;
