import { prisma } from "../db/prisma";
import { galleryTemplates } from "../templates/gallery";

export type ApplicationListItem = {
  id: string;
  name: string;
  templateId: string;
  templateName: string;
  logo: { text: string; color: string };
  createdAt: Date;
  /** The provisioning job's status: NotConfigured | NotRun | Active | Paused | Quarantine. */
  provisioningStatus: string;
  assignedCount: number;
};

/** Logo and name of a template, with a neutral fallback for an application whose template was removed. */
export function templateSummary(templateId: string): { name: string; logo: { text: string; color: string } } {
  const t = galleryTemplates().find((x) => x.id === templateId);
  return t ? { name: t.name, logo: t.logo } : { name: templateId, logo: { text: "?", color: "#64748b" } };
}

/** All enterprise applications, newest first. */
export async function listApplications(): Promise<ApplicationListItem[]> {
  const apps = await prisma.application.findMany({
    orderBy: [{ createdAt: "desc" }, { name: "asc" }],
    include: { job: { select: { status: true } }, _count: { select: { assignments: true } } },
  });
  return apps.map((a) => {
    const t = templateSummary(a.templateId);
    return {
      id: a.id,
      name: a.name,
      templateId: a.templateId,
      templateName: t.name,
      logo: t.logo,
      createdAt: a.createdAt,
      provisioningStatus: a.job?.status ?? "NotConfigured",
      assignedCount: a._count.assignments,
    };
  });
}
