// Preloaded with `node --import <this>`: this process's clock runs PROVISIO_TEST_CLOCK_SKEW_MS ahead
// (or behind, when negative), as a machine's clock does when it has drifted. Date.now() and new Date()
// move; dates built from a given time do not.
const skew = Number(process.env.PROVISIO_TEST_CLOCK_SKEW_MS ?? 0);
const RealDate = globalThis.Date;

class SkewedDate extends RealDate {
  constructor(...args) {
    if (args.length === 0) super(RealDate.now() + skew);
    else super(...args);
  }

  static now() {
    return RealDate.now() + skew;
  }
}

globalThis.Date = SkewedDate;
