/**
 * Webhook requests are trusted only with the secret given to setWebhook, which Telegram
 * repeats in X-Telegram-Bot-Api-Secret-Token. Without it anyone who finds the URL could
 * post updates in any user's name, and identity binding trusts the user id.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";

const SECRET_HEADER = "x-telegram-bot-api-secret-token";

/** Telegram's own rule for secret_token. */
export const SECRET_PATTERN = /^[A-Za-z0-9_-]{1,256}$/;

/** Compared as digests so that neither the content nor the length leaks through timing. */
export function secretMatches(given: string | string[] | undefined, secret: string): boolean {
  if (typeof given !== "string") return false;
  const digest = (s: string) => createHash("sha256").update(s).digest();
  return timingSafeEqual(digest(given), digest(secret));
}

/** The HTTP status to refuse a request with, or null when it may carry an update. */
export function refusal(req: IncomingMessage, expected: { path: string; secret: string }): number | null {
  const path = new URL(req.url ?? "/", "http://webhook").pathname;
  if (path !== expected.path) return 404;
  if (req.method !== "POST") return 405;
  if (!secretMatches(req.headers[SECRET_HEADER], expected.secret)) return 401;
  return null;
}
