import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadSecret } from "../src/secret";

describe("the server's secret", () => {
  let dir: string | undefined;
  afterEach(() => dir && rmSync(dir, { recursive: true, force: true }));

  it("is DUBAN_SECRET when it is set", () => {
    dir = mkdtempSync(join(tmpdir(), "duban-secret-"));
    expect(loadSecret("configured-secret", dir)).toBe("configured-secret");
  });

  it("is made once, kept readable only by its owner, and the same after a restart", () => {
    dir = mkdtempSync(join(tmpdir(), "duban-secret-"));
    const first = loadSecret(undefined, dir);
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(statSync(join(dir, "web-secret")).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(dir, "web-secret"), "utf8").trim()).toBe(first);
    expect(loadSecret(undefined, dir)).toBe(first);
  });
});
