/**
 * The HTTP listener the callback-mode adapters share (Slack events, Feishu events, the
 * WeCom and DingTalk callbacks): start it, stop it without waiting on idle keep-alive
 * sockets, and say where it listens.
 */
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";

/** Resolves once the server listens; rejects when the port is taken or the host is wrong. */
export function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
}

/** Stops taking connections and closes the idle ones, so stop() is not held by a keep-alive. */
export function closeListener(server: Server | undefined): Promise<void> {
  if (!server) return Promise.resolve();
  return new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
  });
}

/** `http://host:port/path` of a listening server, or null when it is not listening. */
export function listenerUrl(server: Server | undefined, path: string): string | null {
  const address = server?.address() as AddressInfo | null | undefined;
  if (!address) return null;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  return `http://${host}:${address.port}${path}`;
}
