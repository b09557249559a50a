import v8 from "node:v8";

/**
 * Makes V8 collect the old generation once it has grown `percent` past what the last full collection
 * kept, instead of V8's own factor (up to 4× on a machine with memory to spare). A worker's live heap is
 * small (about 40 MB with 10 cycles running), but rate-limited requests live long enough to be promoted,
 * so the old generation fills with garbage: a worker's resident memory climbed from 190 to 280 MB before
 * each full collection dropped it back. With 30% it stays near 200 MB, for the same CPU (measured with
 * `npm run bench:queue -- --rated --apps 20`; README, Performance).
 *
 * V8 reads the flag at every full collection, so setting it after start-up takes effect. 0 leaves V8's
 * own heuristics.
 */
export function limitHeapGrowth(percent: number): void {
  if (!Number.isInteger(percent) || percent < 0)
    throw new Error(`Heap growth must be a whole percent ≥ 0, not ${percent}`);
  if (percent > 0) v8.setFlagsFromString(`--heap-growing-percent=${percent}`);
}
