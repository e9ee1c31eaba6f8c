/**
 * /healthz (the process answers), /readyz (it can do its work: 503 with the reasons when
 * not) and /metrics (Prometheus), on their own port, by default on loopback only: they
 * say how busy the county's ledger is, which is not for the internet.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Logger } from "../log";
import type { Metrics } from "./metrics";

export interface ReadinessCheck {
  name: string;
  /** null when fine, else why not. */
  check(): Promise<string | null>;
}

export interface ObservabilityServer {
  url: string;
  close(): Promise<void>;
}

export async function startObservability(opts: { host: string; port: number; metrics: Metrics; checks: ReadinessCheck[]; log: Logger }): Promise<ObservabilityServer> {
  const { metrics, checks, log } = opts;
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    const answer = (status: number, type: string, body: string) => {
      res.writeHead(status, { "content-type": type, "cache-control": "no-store" });
      res.end(body);
    };
    const route = async () => {
      if (req.method !== "GET" && req.method !== "HEAD") return answer(405, "text/plain; charset=utf-8", "method not allowed\n");
      if (path === "/healthz") return answer(200, "text/plain; charset=utf-8", "ok\n");
      if (path === "/readyz") {
        const results = await Promise.all(checks.map(async (c) => ({ name: c.name, problem: await c.check().catch((err: unknown) => String(err)) })));
        const problems = results.filter((r) => r.problem !== null);
        const body = { ready: problems.length === 0, checks: Object.fromEntries(results.map((r) => [r.name, r.problem ?? "ok"])) };
        return answer(problems.length === 0 ? 200 : 503, "application/json", JSON.stringify(body) + "\n");
      }
      if (path === "/metrics") return answer(200, metrics.registry.contentType, await metrics.registry.metrics());
      return answer(404, "text/plain; charset=utf-8", "not found\n");
    };
    route().catch((err: unknown) => {
      log.error("observability request failed", { path, err });
      if (!res.headersSent) answer(500, "text/plain; charset=utf-8", "internal error\n");
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port, opts.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { address, port } = server.address() as AddressInfo;
  const host = address.includes(":") ? `[${address}]` : address;
  return {
    url: `http://${host}:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
