/**
 * Who a web request really comes from. Behind a reverse proxy every request arrives from
 * the proxy's address; the client's is in X-Forwarded-For, which anyone can also write.
 * So the header is believed only from the proxies named in TRUST_PROXY, and then read
 * from the right: each trusted proxy appends the address it saw, and the right-most
 * address that is not one of ours is the client (whatever a client wrote itself stands
 * further left and is never reached).
 */
import type { IncomingMessage } from "node:http";
import { BlockList, isIP } from "node:net";

export type ClientAddressOf = (req: IncomingMessage) => string;

export function clientAddressResolver(trustProxy: string[]): ClientAddressOf {
  const trusted = new BlockList();
  for (const entry of trustProxy) {
    const [address, prefix] = entry.split("/") as [string, string | undefined];
    const family = isIP(address) === 6 ? "ipv6" : "ipv4";
    if (prefix === undefined) trusted.addAddress(address, family);
    else trusted.addSubnet(address, Number(prefix), family);
  }
  const isTrusted = (address: string) => {
    const family = isIP(address);
    return family !== 0 && trusted.check(address, family === 6 ? "ipv6" : "ipv4");
  };

  return (req) => {
    let address = normalise(req.socket.remoteAddress ?? "");
    if (!isTrusted(address)) return address;
    const forwarded = String(req.headers["x-forwarded-for"] ?? "")
      .split(",")
      .map((a) => normalise(a.trim()))
      .filter((a) => a !== "");
    for (let i = forwarded.length - 1; i >= 0; i--) {
      address = forwarded[i]!;
      if (!isTrusted(address)) return address;
    }
    return address;
  };
}

/** "::ffff:10.0.0.1" is 10.0.0.1: one client, one key. */
function normalise(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return mapped ? mapped[1]! : address;
}

/** The key a client's sign-in failures count under: an IPv6 client owns its whole /64. */
export function guesserKey(address: string): string {
  if (isIP(address) !== 6) return address;
  const [left = "", right] = address.split("::");
  const head = left.split(":").filter(Boolean);
  const tail = right === undefined ? [] : right.split(":").filter(Boolean);
  const groups = [...head, ...Array<string>(Math.max(0, 8 - head.length - tail.length)).fill("0"), ...tail];
  return `${groups.slice(0, 4).map((g) => parseInt(g, 16).toString(16)).join(":")}::/64`;
}
