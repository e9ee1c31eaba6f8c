/**
 * The webhook receiver: a plain node:http server (TLS is the reverse proxy's job; Telegram
 * only calls https URLs). grammY's webhookCallback is not used because it leaves the
 * response hanging when the middleware throws; here a sink failure answers 500, so
 * Telegram keeps the update and delivers it again, and 200 goes out only after the sink
 * has taken the update.
 */
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import type { Logger } from "../../src/log";
import type { Receiver } from "./polling";
import { refusal } from "./verify";

/** Updates are small JSON; anything larger is not from Telegram. */
const MAX_BODY_BYTES = 1024 * 1024;

export interface WebhookOptions {
  host: string;
  port: number;
  /** Path of the public webhook URL. */
  path: string;
  secret: string;
  /** Takes one raw update; false when the body is not an update; throws when the bot could not take it. */
  handle(update: unknown): Promise<boolean>;
  log: Logger;
}

export async function startWebhookServer(opts: WebhookOptions): Promise<Receiver & { port: number }> {
  const inFlight = new Set<Promise<unknown>>();

  const server = createServer((req, res) => {
    const answer = (status: number) => {
      res.statusCode = status;
      res.end();
    };
    const refused = refusal(req, opts);
    if (refused !== null) {
      req.resume();
      return answer(refused);
    }
    const work = readJson(req)
      .then(async (body) => {
        if (body === undefined) return answer(400);
        answer((await opts.handle(body)) ? 200 : 400);
      })
      .catch((err: unknown) => {
        if (err instanceof BodyTooLarge) return answer(413);
        opts.log.error("telegram: webhook update not taken, Telegram will retry", { err });
        answer(500);
      })
      .finally(() => inFlight.delete(work));
    inFlight.add(work);
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port, opts.host, () => {
      server.off("error", reject);
      resolve();
    });
  });

  return {
    port: (server.address() as AddressInfo).port,
    async stop() {
      const closed = new Promise((resolve) => server.close(resolve));
      await Promise.all(inFlight);
      server.closeAllConnections();
      await closed;
    },
  };
}

class BodyTooLarge extends Error {}

/** The parsed body, or undefined when it is not JSON. */
async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new BodyTooLarge("webhook body too large");
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch {
    return undefined;
  }
}
