import { describe, expect, it } from "vitest";
import { parseEnv } from "../../env";

describe("PROVISIO_WORKERS", () => {
  it("runs cycles in the web server by default, on either database", () => {
    expect(parseEnv({}).PROVISIO_WORKERS).toBe("web");
    expect(parseEnv({ DATABASE_URL: "postgres://db/provisio" }).PROVISIO_WORKERS).toBe("web");
  });

  it("puts cycles on the job queue on PostgreSQL only", () => {
    expect(parseEnv({ DATABASE_URL: "postgres://db/provisio", PROVISIO_WORKERS: "queue" }).PROVISIO_WORKERS).toBe(
      "queue",
    );
    expect(() => parseEnv({ PROVISIO_WORKERS: "queue" })).toThrow(/PROVISIO_WORKERS: "queue" needs PostgreSQL/);
    expect(() => parseEnv({ DATABASE_URL: "file:./data/app.db", PROVISIO_WORKERS: "queue" })).toThrow(
      /needs PostgreSQL/,
    );
    expect(() => parseEnv({ PROVISIO_WORKERS: "threads" })).toThrow(/PROVISIO_WORKERS/);
  });
});
