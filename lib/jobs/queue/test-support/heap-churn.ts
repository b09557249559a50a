// A process for limit-heap-growth.test.ts: limits heap growth as a worker does (argv[2], a percent), then
// allocates objects that live long enough to be promoted and die later, as a worker's paced requests do,
// and prints its heap's peak size in MB.
import { limitHeapGrowth } from "../limit-heap-growth";

limitHeapGrowth(Number(process.argv[2]));
const ring: unknown[] = new Array(20_000);
let peak = 0;
for (let i = 0; i < 400_000; i++) {
  ring[i % ring.length] = {
    id: `user-${i}`,
    attrs: Array.from({ length: 8 }, (_, k) => ({ k, v: `value-${i}-${k}` })),
  };
  if (i % 1000 === 0) peak = Math.max(peak, process.memoryUsage().heapTotal);
}
console.log(Math.round(peak / 1e6));
