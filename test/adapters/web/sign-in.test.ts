/**
 * Guessing bind codes on the sign-in page: behind the reverse proxy the README recommends,
 * a guesser slows only themselves; nobody else is locked out.
 */
import type { IncomingMessage } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clientAddressResolver, guesserKey } from "../../../adapters/web/client-address";
import { startWebDuban, type WebDuban } from "./support";

const WRONG = "ZZZZZZZZ";

function signInFrom(w: WebDuban, forwardedFor: string | null, code: string) {
  return fetch(new URL("/api/session", w.url), {
    method: "POST",
    headers: forwardedFor === null ? {} : { "x-forwarded-for": forwardedFor },
    body: JSON.stringify({ code }),
  });
}

async function guessUntilHeldBack(w: WebDuban, forwardedFor: (i: number) => string | null): Promise<Response> {
  for (let i = 0; i < 20; i++) {
    const res = await signInFrom(w, forwardedFor(i), WRONG);
    if (res.status === 429) return res;
    expect(res.status).toBe(400);
  }
  throw new Error("20 wrong codes and the guesser was never held back");
}

describe("behind a trusted reverse proxy", () => {
  let w: WebDuban;
  beforeAll(async () => {
    // The tests reach the server from 127.0.0.1: that is the proxy here.
    w = await startWebDuban({ TRUST_PROXY: "127.0.0.1, 10.0.0.0/8" });
  });
  afterAll(() => w.close());

  it("a guesser is held back with 429 and told when to try again, in their language", async () => {
    const held = await guessUntilHeldBack(w, () => "203.0.113.7");
    expect(Number(held.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(((await held.json()) as { error: string }).error).toMatch(/^尝试次数过多，请 \d+ (秒|分钟)后再试。$/);
    // Even a right code waits: the guesser cannot tell a held-back guess from a wrong one by trying.
    expect((await signInFrom(w, "203.0.113.7", await w.bindCode("official"))).status).toBe(429);
  });

  it("another person's right code is accepted while the guesser is held back", async () => {
    await guessUntilHeldBack(w, () => "203.0.113.8");
    const res = await signInFrom(w, "198.51.100.20", await w.bindCode("official2"));
    expect(res.status).toBe(200);
    expect(((await res.json()) as { name: string }).name).toBeTruthy();
  });

  it("an address a client writes into X-Forwarded-For itself does not make it someone else", async () => {
    // The proxy appends the address it saw; whatever the client sent stands to its left.
    await guessUntilHeldBack(w, (i) => `192.0.2.${i + 1}, 203.0.113.9`);
    expect((await signInFrom(w, "192.0.2.200, 203.0.113.9", await w.bindCode("leader"))).status).toBe(429);
    // …and chained trusted proxies (10.x) are skipped to reach the client.
    expect((await signInFrom(w, "203.0.113.9, 10.1.2.3", WRONG)).status).toBe(429);
  });
});

describe("without TRUST_PROXY", () => {
  let w: WebDuban;
  beforeAll(async () => {
    w = await startWebDuban();
  });
  afterAll(() => w.close());

  it("X-Forwarded-For from the connecting peer is ignored: changing it does not escape the limit", async () => {
    await guessUntilHeldBack(w, (i) => `198.51.100.${i + 1}`);
    expect((await signInFrom(w, "198.51.100.250", WRONG)).status).toBe(429);
  });
});

describe("the client address", () => {
  const req = (remoteAddress: string, xff?: string) =>
    ({ socket: { remoteAddress }, headers: xff === undefined ? {} : { "x-forwarded-for": xff } }) as unknown as IncomingMessage;

  it("is the right-most address in X-Forwarded-For that is not a trusted proxy", () => {
    const of = clientAddressResolver(["10.0.0.0/8", "fd00::1"]);
    expect(of(req("::ffff:10.0.0.2", "1.1.1.1, 203.0.113.5, 10.9.9.9"))).toBe("203.0.113.5");
    expect(of(req("fd00::1", "2001:db8::7"))).toBe("2001:db8::7");
  });

  it("is the peer itself when the peer is not trusted, whatever the header says", () => {
    expect(clientAddressResolver(["10.0.0.0/8"])(req("203.0.113.5", "10.0.0.1"))).toBe("203.0.113.5");
    expect(clientAddressResolver([])(req("127.0.0.1", "203.0.113.5"))).toBe("127.0.0.1");
  });

  it("counts an IPv6 client's whole /64 as one guesser, however it writes its address", () => {
    expect(guesserKey("2001:db8:0:0:1:2:3:4")).toBe(guesserKey("2001:db8::ffff:1"));
    expect(guesserKey("2001:db8:0:1::1")).not.toBe(guesserKey("2001:db8::1"));
    expect(guesserKey("203.0.113.5")).toBe("203.0.113.5");
  });
});
