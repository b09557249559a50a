import type { Metadata } from "next";
import { galleryTemplates } from "@/lib/templates/gallery";
import { PageHeader } from "@/components/ui/page-header";
import { GalleryBrowser } from "@/components/applications/gallery-browser";
import { createApplicationAction } from "./actions";

export const metadata: Metadata = { title: "Gallery" };

export default function GalleryPage() {
  const templates = galleryTemplates().map(({ id, name, publisher, description, logo }) => ({
    id,
    name,
    publisher,
    description,
    logo,
  }));
  return (
    <div className="max-w-6xl">
      <PageHeader
        title="Application gallery"
        description="Add an application that provisions users and groups over SCIM 2.0. Each template brings the default attribute mappings and what its target supports."
      />
      <GalleryBrowser templates={templates} createAction={createApplicationAction} />
    </div>
  );
}
