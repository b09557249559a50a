import { recoverInterruptedCycles } from "../../sync/cycle/recover-interrupted-cycles";

// Recovers interrupted cycles from a process of its own, as a server starting on another machine would:
//   node --import tsx --import ./skewed-clock.mjs <this>
// Prints {"result": the number of jobs recovered, "clock": this process's Date.now()}.
recoverInterruptedCycles().then(
  (n) => {
    console.log(JSON.stringify({ result: n, clock: Date.now() }));
    process.exit(0);
  },
  (e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  },
);
