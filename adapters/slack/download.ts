/**
 * Downloading a file someone shared (a photo of a rectified site) with the bot token.
 * The token goes only to Slack's own hosts: a file URL is taken from a signed event,
 * but a token sent anywhere else would be a token lost.
 */
import type { MediaRef } from "../../src/core/chat";

export class DownloadRefused extends Error {
  override name = "DownloadRefused";
}

/** Hosts that may receive the bot token: Slack's, and the API host configured (a local Slack). */
export function tokenHosts(apiUrl: string): (host: string) => boolean {
  const apiHost = new URL(apiUrl).hostname;
  return (host) => host === apiHost || host === "slack.com" || host.endsWith(".slack.com");
}

export async function downloadFile(
  media: MediaRef,
  opts: { botToken: string; mayHaveToken: (host: string) => boolean },
): Promise<Uint8Array> {
  const url = new URL(media.fileId);
  if (url.protocol !== "https:" && url.protocol !== "http:") throw new DownloadRefused(`not a web URL: ${url.protocol}`);
  if (!opts.mayHaveToken(url.hostname)) throw new DownloadRefused(`not a Slack host: ${url.hostname}`);
  const res = await fetch(url, { headers: { authorization: `Bearer ${opts.botToken}` } });
  if (!res.ok) throw new DownloadRefused(`HTTP ${res.status} for ${url.pathname}`);
  // Without the files:read scope Slack answers a file URL with its sign-in page, status 200.
  if ((res.headers.get("content-type") ?? "").startsWith("text/html")) {
    throw new DownloadRefused("Slack answered with a web page: does the app have the files:read scope?");
  }
  return new Uint8Array(await res.arrayBuffer());
}
