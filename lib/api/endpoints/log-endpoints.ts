import { z } from "zod";
import { logFiltersSchema } from "../../logs/log-filters";
import { queryLogEntries } from "../../logs/query-log-entries";
import { getLogEntry } from "../../logs/get-log-entry";
import { listUsers, userStateFilter } from "../../directory/list-users";
import { listGroups, groupStateFilter } from "../../directory/list-groups";
import { defineEndpoint } from "../endpoint";
import { directoryGroupPageSchema, directoryUserPageSchema, logEntrySchema, logPageSchema } from "../api-schemas";

const logQuery = logFiltersSchema.extend({
  cursor: z.string().max(200).optional().meta({ description: "nextCursor of the previous page." }),
  limit: z.coerce.number().int().min(1).max(500).optional().meta({ description: "Entries per page (default 50)." }),
});

// The directory pages forgive a bad page or state in their URL (.catch); the API refuses it instead, so these
// are strict versions of listUsersInput and listGroupsInput, which parse the result again.
const directoryQuery = {
  search: z.string().trim().max(200).optional(),
  page: z.coerce.number().int().min(1).optional(),
  pageSize: z.coerce.number().int().min(1).max(200).optional(),
};

export const logEndpoints = [
  defineEndpoint({
    operationId: "listLogEntries",
    method: "get",
    path: "/provisioning-logs",
    tag: "Provisioning logs",
    summary: "Provisioning log entries",
    description:
      "The logs page's filters (range 24h, 7d, 30d or custom with from and to; status; action; q, a display name " +
      "or UPN prefix or an exact source or target id; cycle; app), newest first, paged by cursor.",
    access: "read",
    query: logQuery,
    success: { status: 200, description: "One page of entries.", schema: logPageSchema },
    handle: ({ query }) => {
      const { cursor, limit, ...filters } = query;
      return queryLogEntries(filters, { cursor, limit });
    },
  }),
  defineEndpoint({
    operationId: "getLogEntry",
    method: "get",
    path: "/provisioning-logs/{entryId}",
    tag: "Provisioning logs",
    summary: "One log entry with its steps and modified properties",
    access: "read",
    params: z.object({ entryId: z.coerce.number().int().min(1) }),
    success: { status: 200, description: "The entry.", schema: logEntrySchema },
    problems: [404],
    handle: ({ params }) => getLogEntry(params.entryId),
  }),
  defineEndpoint({
    operationId: "listDirectoryUsers",
    method: "get",
    path: "/directory/users",
    tag: "Directory",
    summary: "Search the source directory's users",
    access: "read",
    query: z.object({ ...directoryQuery, state: userStateFilter.optional() }),
    success: { status: 200, description: "One page of users.", schema: directoryUserPageSchema },
    handle: async ({ query }) => {
      const { items, total, page, pageSize } = await listUsers(query);
      return { items, total, page, pageSize };
    },
  }),
  defineEndpoint({
    operationId: "listDirectoryGroups",
    method: "get",
    path: "/directory/groups",
    tag: "Directory",
    summary: "Search the source directory's groups",
    access: "read",
    query: z.object({ ...directoryQuery, state: groupStateFilter.optional() }),
    success: { status: 200, description: "One page of groups.", schema: directoryGroupPageSchema },
    handle: async ({ query }) => {
      const { items, total, page, pageSize } = await listGroups(query);
      return { items, total, page, pageSize };
    },
  }),
];
