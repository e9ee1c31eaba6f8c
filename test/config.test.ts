import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig, ratesOf } from "../src/config";

function refusal(env: NodeJS.ProcessEnv): string {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.message;
    throw err;
  }
  throw new Error("the configuration was accepted");
}

describe("trusted proxies", () => {
  it("TRUST_PROXY takes addresses and CIDR blocks separated by commas", () => {
    expect(loadConfig({ TRUST_PROXY: "127.0.0.1, 10.0.0.0/8,fd00::/8" }).TRUST_PROXY).toEqual(["127.0.0.1", "10.0.0.0/8", "fd00::/8"]);
    expect(loadConfig({}).TRUST_PROXY).toEqual([]);
  });

  it.each(["proxy.local", "10.0.0.0/33", "10.0.0.1/8/2", "300.1.1.1"])("refuses TRUST_PROXY=%s at start", (value) => {
    expect(refusal({ TRUST_PROXY: value })).toMatch(/TRUST_PROXY: expected IP addresses or CIDR blocks/);
  });
});

describe("times of day in the configuration", () => {
  it.each([
    ["QUIET_HOURS", "25:00-08:00"],
    ["QUIET_HOURS", "21:00-24:00"],
    ["QUIET_HOURS", "21:60-08:00"],
    ["QUIET_HOURS", "9:00-18:00"],
    ["REMINDER_TIME", "24:00"],
    ["REMINDER_TIME", "09:75"],
    ["DIGEST_TIME", "8:30"],
    ["DIGEST_TIME", "30:00"],
  ])("refuses %s=%s at start, naming the variable", (name, value) => {
    expect(refusal({ [name]: value })).toMatch(new RegExp(`${name}: expected`));
  });

  it("accepts real times, quiet hours over midnight included", () => {
    const config = loadConfig({ QUIET_HOURS: "22:30-07:15", REMINDER_TIME: "23:59", DIGEST_TIME: "00:00" });
    expect([config.QUIET_HOURS, config.REMINDER_TIME, config.DIGEST_TIME]).toEqual(["22:30-07:15", "23:59", "00:00"]);
  });
});

describe("rate limits", () => {
  it("keep each adapter's documented limits unless a variable sets one", () => {
    expect(ratesOf(loadConfig({}))).toEqual({ slack: {}, telegram: {} });
    expect(ratesOf(loadConfig({ SLACK_RATE_PER_CHAT: "2/1s", TELEGRAM_RATE_GLOBAL: "25/1.5s" }))).toEqual({
      slack: { perChat: { count: 2, perMs: 1_000 } },
      telegram: { global: { count: 25, perMs: 1_500 } },
    });
  });

  it.each(["50", "0/1s", "1/0s", "one/1s"])("refuses SLACK_RATE_GLOBAL=%s with the expected form", (value) => {
    expect(refusal({ SLACK_RATE_GLOBAL: value })).toMatch(/SLACK_RATE_GLOBAL: expected/);
  });
});
