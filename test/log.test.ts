import { describe, expect, it } from "vitest";
import { createLogger, withLogFields } from "../src/log";

describe("the log", () => {
  function logged(fields: Record<string, unknown>): string[] {
    const lines: string[] = [];
    createLogger("info", (l) => lines.push(l)).error("web request failed", fields);
    return lines;
  }

  it("keeps an error's stack, and the event stays on one line", () => {
    const err = new Error("disk full");
    const lines = logged({ url: "/api/upload", err });
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain("\n");
    const fields = JSON.parse(lines[0]!.slice(lines[0]!.indexOf("{"))) as { url: string; err: { name: string; message: string; stack: string } };
    expect(fields.url).toBe("/api/upload");
    expect(fields.err).toMatchObject({ name: "Error", message: "disk full" });
    expect(fields.err.stack).toContain("log.test.ts");
    expect(fields.err.stack.split("\n").length).toBeGreaterThan(1);
  });

  it("writes an error's code and its cause too", () => {
    const cause = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" });
    const [line] = logged({ err: new Error("ledger unreachable", { cause }) });
    const { err } = JSON.parse(line!.slice(line!.indexOf("{"))) as { err: { cause: { code: string; message: string; stack: string } } };
    expect(err.cause).toMatchObject({ code: "ECONNREFUSED", message: "connect ECONNREFUSED 127.0.0.1:5432" });
    expect(err.cause.stack).toContain("log.test.ts");
  });
});

describe("the log's lines", () => {
  it("are JSON with level, time and message, and carry the event id of the handling they belong to", async () => {
    const lines: string[] = [];
    const log = createLogger("info", (l) => lines.push(l));
    log.info("before");
    await withLogFields({ eventId: "slack:Ev1" }, async () => {
      await new Promise((r) => setTimeout(r, 1));
      log.warn("inside", { chat: "C1" });
    });
    log.info("after");

    const parsed = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(parsed.map((p) => [p.msg, p.eventId])).toEqual([["before", undefined], ["inside", "slack:Ev1"], ["after", undefined]]);
    expect(parsed[1]).toMatchObject({ level: 40, chat: "C1" });
    expect(typeof parsed[1]!.time).toBe("string");
  });

  it("leave out what is below the level", () => {
    const lines: string[] = [];
    createLogger("warn", (l) => lines.push(l)).info("chatter");
    expect(lines).toEqual([]);
  });
});
