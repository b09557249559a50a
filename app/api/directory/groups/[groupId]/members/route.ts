import { NextResponse } from "next/server";
import { searchGroupMembers, searchGroupMembersInput } from "@/lib/directory/search-group-members";

export const dynamic = "force-dynamic";

/** Members of one group, searched by name, UPN or mail (the member picker of Provision on demand). */
export async function GET(request: Request, { params }: { params: Promise<{ groupId: string }> }) {
  const { groupId } = await params;
  const url = new URL(request.url);
  const parsed = searchGroupMembersInput.safeParse({
    groupId,
    query: url.searchParams.get("q") ?? undefined,
    limit: 20,
  });
  if (!parsed.success) return NextResponse.json({ error: "Invalid search" }, { status: 400 });
  const result = await searchGroupMembers(parsed.data);
  return NextResponse.json(result, { headers: { "Cache-Control": "no-store" } });
}
