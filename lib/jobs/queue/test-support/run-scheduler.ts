/**
 * A scheduler instance as a web server starts it (instrumentation.ts), for the queue's tests: with
 * PROVISIO_WORKERS=queue it only enqueues. Ticks every TICK_MS; runs until killed.
 */
import { startScheduler } from "../../scheduler";

startScheduler({ tickMs: Number(process.env.TICK_MS ?? 5000) });
console.log(JSON.stringify({ scheduler: process.pid }));
// The scheduler's timers do not keep a process alive on their own (a web server has its HTTP server).
setInterval(() => {}, 60_000);
