import { serveScimPushRequest } from "@/lib/sources/scim/serve-scim-push-request";

// The SCIM 2.0 endpoint IdPs push to: /scim/v2/<source id>/Users, /Groups, … All the work is in lib/sources.
export const dynamic = "force-dynamic";
export const runtime = "nodejs";

const handle = (request: Request) => serveScimPushRequest(request);

export const GET = handle;
export const POST = handle;
export const PUT = handle;
export const PATCH = handle;
export const DELETE = handle;
