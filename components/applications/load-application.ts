import { cache } from "react";
import { getApplication } from "@/lib/applications/get-application";

/** getApplication, once per request: the layout, the page and its metadata all need it. */
export const loadApplication = cache(getApplication);
