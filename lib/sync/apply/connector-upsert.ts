import type { ConnectorUpsert } from "../store/result-writer";
import type { ConnectorRow, PlannedOperation } from "../sync-types";

/** The connector row to write back unchanged, ready for the fields an outcome changes. */
export function connectorUpsert(c: ConnectorRow): ConnectorUpsert {
  return {
    objectType: c.objectType,
    sourceId: c.sourceId,
    targetId: c.targetId,
    exported: c.exported,
    members: c.members,
    state: c.state,
    lastStatus: (c.lastStatus as ConnectorUpsert["lastStatus"]) ?? null,
    lastError: null,
    failureCount: c.failureCount,
  };
}

/** The connector row of an object the connector data store does not know yet. */
export function emptyConnector(op: PlannedOperation): ConnectorRow {
  return {
    id: "",
    objectType: op.objectType,
    sourceId: op.sourceId,
    targetId: null,
    exported: {},
    members: null,
    state: "Pending",
    lastStatus: null,
    failureCount: 0,
  };
}
