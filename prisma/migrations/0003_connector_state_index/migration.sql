-- Incremental cycles look up pending intents by state without reading every connector row.
CREATE INDEX "ConnectorObject_jobId_state_idx" ON "ConnectorObject"("jobId", "state");
