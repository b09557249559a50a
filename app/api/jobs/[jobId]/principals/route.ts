import { NextResponse } from "next/server";
import { z } from "zod";
import { prisma } from "@/lib/db/prisma";
import { searchPrincipals } from "@/lib/applications/search-principals";

export const dynamic = "force-dynamic";

const query = z.object({ q: z.string().trim().max(200).default(""), type: z.enum(["User", "Group"]).default("User") });

/** Users or groups to pick for Provision on demand (search by name or UPN). */
export async function GET(request: Request, { params }: { params: Promise<{ jobId: string }> }) {
  const { jobId } = await params;
  const url = new URL(request.url);
  const parsed = query.safeParse({
    q: url.searchParams.get("q") ?? undefined,
    type: url.searchParams.get("type") ?? undefined,
  });
  if (!parsed.success) return NextResponse.json({ error: "Invalid search" }, { status: 400 });
  const job = await prisma.provisioningJob.findUnique({ where: { id: jobId }, select: { applicationId: true } });
  if (!job) return NextResponse.json({ error: "This application has no provisioning job." }, { status: 404 });
  const options = await searchPrincipals({
    applicationId: job.applicationId,
    query: parsed.data.q,
    type: parsed.data.type,
    limit: 10,
  });
  return NextResponse.json(options, { headers: { "Cache-Control": "no-store" } });
}
