import { appTemplateSchema, type AppTemplate } from "./template-schema";
import zscalerTwo from "./zscaler-two.json";
import zscalerOne from "./zscaler-one.json";
import scim2 from "./scim-2.json";
import { AppError } from "../errors";

// Templates are data: adding an application to the gallery is adding a JSON file and listing it here.
const templates: AppTemplate[] = [zscalerTwo, zscalerOne, scim2].map((t) => appTemplateSchema.parse(t));

export function galleryTemplates(): AppTemplate[] {
  return templates;
}

export function findTemplate(id: string): AppTemplate {
  const t = templates.find((x) => x.id === id);
  if (!t) throw new AppError("template.not_found", `There is no gallery application "${id}".`);
  return t;
}
