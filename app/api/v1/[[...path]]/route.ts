import { apiV1Route } from "@/app/_lib/api-v1-route";

// The REST API (lib/api): one handler for every path, so unknown paths and methods get problem details too.
export const dynamic = "force-dynamic";
export const GET = apiV1Route;
export const POST = apiV1Route;
export const PUT = apiV1Route;
export const PATCH = apiV1Route;
export const DELETE = apiV1Route;
