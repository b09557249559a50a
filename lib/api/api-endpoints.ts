import type { Endpoint } from "./endpoint";
import { applicationEndpoints } from "./endpoints/application-endpoints";
import { provisioningEndpoints } from "./endpoints/provisioning-endpoints";
import { logEndpoints } from "./endpoints/log-endpoints";
import { configurationEndpoints } from "./endpoints/configuration-endpoints";
import { jobActionEndpoints } from "./endpoints/job-action-endpoints";
import { mappingEndpoints } from "./endpoints/mapping-endpoints";
import { directoryEndpoints } from "./endpoints/directory-endpoints";
import { directoryReadEndpoints } from "./endpoints/directory-read-endpoints";
import { sourceEndpoints } from "./endpoints/source-endpoints";
import { sourceEditEndpoints } from "./endpoints/source-edit-endpoints";
import { reportEndpoints } from "./endpoints/report-endpoints";

/** Every operation of /api/v1, in the reference page's order. */
export const API_ENDPOINTS: readonly Endpoint[] = [
  ...applicationEndpoints,
  ...provisioningEndpoints,
  ...jobActionEndpoints,
  ...mappingEndpoints,
  ...reportEndpoints,
  ...configurationEndpoints,
  ...logEndpoints,
  ...directoryReadEndpoints,
  ...directoryEndpoints,
  ...sourceEndpoints,
  ...sourceEditEndpoints,
];
