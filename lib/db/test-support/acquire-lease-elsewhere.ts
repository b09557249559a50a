import { acquireCycleLease } from "../../sync/cycle/cycle-lease";

// Takes a job's cycle lease from a process of its own, as a worker on another machine would:
//   node --import tsx --import ./skewed-clock.mjs <this> <jobId> <owner>
// Prints {"result": "acquired" or the refusal's error code, "clock": this process's Date.now()}.
const [jobId, owner] = process.argv.slice(2);
acquireCycleLease(jobId!, owner!).then(
  () => {
    console.log(JSON.stringify({ result: "acquired", clock: Date.now() }));
    process.exit(0);
  },
  (e: unknown) => {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string") console.log(JSON.stringify({ result: code, clock: Date.now() }));
    else console.error(e instanceof Error ? e.message : e);
    process.exit(typeof code === "string" ? 0 : 1);
  },
);
