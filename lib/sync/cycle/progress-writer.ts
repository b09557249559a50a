import { writeCycleProgress } from "../../db/sql/cycle-progress";
import { sqlStore } from "../../db/sql-store";
import type { CycleRunner } from "./cycle-runner";
import { engineConfig } from "../engine-config";

/** Writes the cycle's progress at most every progressIntervalMs (the pages read it every second). */
export class ProgressWriter {
  private last = 0;
  private inFlight: Promise<void> | null = null;

  constructor(
    private readonly cycleId: string,
    private readonly runner: () => CycleRunner | undefined,
    private readonly requests: () => number,
  ) {}

  tick(): void {
    const now = Date.now();
    if (this.inFlight || now - this.last < engineConfig().progressIntervalMs) return;
    this.inFlight = this.write().finally(() => {
      this.inFlight = null;
    });
  }

  async write(): Promise<void> {
    this.last = Date.now();
    const r = this.runner();
    if (!r) return;
    await writeCycleProgress(sqlStore(), this.cycleId, {
      total: r.total,
      processed: r.processed,
      ...r.counts,
      requests: this.requests(),
    });
  }

  async settle(): Promise<void> {
    if (this.inFlight) await this.inFlight.catch(() => {});
  }
}
