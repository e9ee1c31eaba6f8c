/**
 * `npm start` and `npm run demo` as an operator runs them: real processes, a free port,
 * a signal to stop. The demo's leaders' room shows today's digest once it is up.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { connectPage } from "../adapters/web/support";
import { startFakeTelegram } from "../support/fake-telegram";

const dirs: string[] = [];
const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill("SIGKILL");
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer().listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

interface Run {
  output(): string;
  waitFor(text: string): Promise<void>;
  exit(): Promise<number | null>;
  child: ChildProcess;
}

function run(entry: string, env: Record<string, string>): Run {
  const child = spawn(process.execPath, ["--import", "tsx", entry], {
    // No metrics port unless a test asks: parallel test files would contend for 9464.
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", LOG_LEVEL: "info", METRICS_PORT: "0", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let out = "";
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return {
    child,
    output: () => out,
    async waitFor(text) {
      for (let i = 0; i < 600 && !out.includes(text); i++) {
        if (child.exitCode !== null) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      if (!out.includes(text)) throw new Error(`"${text}" never appeared in:\n${out}`);
    },
    exit: () => exited,
  };
}

const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), "duban-start-"));
  dirs.push(d);
  return d;
};

describe("npm start", () => {
  it("serves the web chat, says where to open it, and stops cleanly on SIGTERM", { timeout: 60_000 }, async () => {
    const port = await freePort();
    const app = run("src/main.ts", { DUBAN_DATA_DIR: tempDir(), WEB_PORT: String(port) });
    await app.waitFor(`web chat: open http://127.0.0.1:${port}/`);
    const page = await fetch(`http://127.0.0.1:${port}/`);
    expect(await page.text()).toContain('<script type="module" src="/app.js">');
    expect(page.headers.get("content-security-policy")).toContain("default-src 'none'");
    app.child.kill("SIGTERM");
    expect(await app.exit()).toBe(0);
    expect(app.output()).toContain("stopped");
  });

  it("with a Telegram token, answers on Telegram too", { timeout: 60_000 }, async () => {
    const telegram = await startFakeTelegram();
    try {
      const app = run("src/main.ts", { DUBAN_DATA_DIR: tempDir(), WEB_PORT: "0", TELEGRAM_BOT_TOKEN: telegram.token, TELEGRAM_API_ROOT: telegram.apiRoot });
      await app.waitFor('"channels":["telegram"]');
      const from = { id: 4242, first_name: "访客" };
      await telegram.deliver(telegram.text({ chat: { id: 4242, type: "private" }, from, text: "/help" }));
      for (let i = 0; i < 200 && telegram.sentTexts().length === 0; i++) await new Promise((r) => setTimeout(r, 50));
      expect(telegram.sentTexts()[0]?.text).toContain("绑定");
      app.child.kill("SIGTERM");
      expect(await app.exit()).toBe(0);
    } finally {
      await telegram.close();
    }
  });

  it("says what is wrong with the configuration and exits 1", { timeout: 60_000 }, async () => {
    const app = run("src/main.ts", { DUBAN_DATA_DIR: tempDir(), WEB_PORT: "not-a-port" });
    expect(await app.exit()).toBe(1);
    expect(app.output()).toContain("WEB_PORT");
  });
});

describe("npm run demo", () => {
  it("comes up on its own database with one-click people, and the leaders' room shows today's digest", { timeout: 60_000 }, async () => {
    const port = await freePort();
    const demo = run("src/demo/main.ts", { DEMO_DATA_DIR: tempDir(), WEB_PORT: String(port), DATABASE_URL: "file:/nonexistent/real.db" });
    await demo.waitFor("demo: open");
    const url = `http://127.0.0.1:${port}/`;
    const boot = (await (await fetch(url + "api/boot")).json()) as { demo: { label: string; personId: number }[] };
    const leader = boot.demo.find((p) => p.label.includes("领导"))!;
    const signIn = await fetch(url + "api/demo-session", { method: "POST", body: JSON.stringify({ personId: leader.personId }) });
    const { token } = (await signIn.json()) as { token: string };
    const page = await connectPage(url, token);
    page.send({ type: "open", chatId: "leaders" });
    // Shown with the room's history, or pushed a moment later if it was still on its way.
    const digest = (f: { type: string; messages?: unknown; message?: unknown }) =>
      (f.type === "history" || f.type === "message") && JSON.stringify(f.messages ?? f.message).includes("督察整改日报");
    await page.next(digest, "today's digest");
    await page.close();
    demo.child.kill("SIGINT");
    expect(await demo.exit()).toBe(0);
  });
});
