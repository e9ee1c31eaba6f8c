import { describe, expect, it } from "vitest";
import { createLogger } from "../src/log";

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
