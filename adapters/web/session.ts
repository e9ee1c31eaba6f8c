/**
 * Signed session tokens: the web chat's "verify". The browser holds a token the server
 * signed with its secret; every HTTP call and the socket upgrade carry it, and the user id
 * the server acts on is the one inside the verified token — never one the page sends.
 *
 * The same signature signs media links (an evidence photo, an exported file) and upload
 * tickets. A media link names what it shows (a content hash, an export's file name —
 * never a path on the server) and the user it was issued to, and is served only to a
 * request that carries that user's session: in the browser, an HttpOnly cookie scoped to
 * /media/, since an <img> cannot send a header. A link copied elsewhere shows nothing.
 */
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { z } from "zod";

export const SESSION_TTL_MS = 30 * 24 * 3600_000;

export interface Session {
  userId: string;
  personId: number;
}

const sessionClaims = z.object({ k: z.literal("session"), u: z.string().min(1), p: z.number().int().positive(), exp: z.number() });
const mediaRef = z.union([
  z.object({ e: z.string().regex(/^[0-9a-f]{64}$/) }),
  // An evidence document, <sha256>.<ext>, offered as a download under the name it was sent with.
  z.object({ d: z.string().regex(/^[0-9a-f]{64}\.[a-z]{3,4}$/), n: z.string().min(1) }),
  // An export in <data dir>/exports, by its file name alone.
  z.object({ x: z.string().regex(/^[^/\\\0]+$/).refine((n) => n !== "." && n !== ".."), n: z.string().min(1) }),
]);
export type MediaRef = z.infer<typeof mediaRef>;
const mediaClaims = z.object({ k: z.literal("media"), u: z.string().min(1), m: mediaRef, exp: z.number() });
/** `n`, present only for an uploaded file that is not a photo: the name it was sent with. */
const uploadClaims = z.object({ k: z.literal("upload"), u: z.string().min(1), s: z.string().regex(/^[0-9a-f]{64}$/), n: z.string().optional() });

export interface Signer {
  sessionToken(s: Session, now: Date): string;
  /** The session inside a token, or null for a forged, tampered, malformed or expired one. */
  verifySession(token: string | undefined, now: Date): Session | null;
  /** A link to one stored file, for one user, until `exp`. */
  mediaToken(userId: string, media: MediaRef, exp: Date): string;
  verifyMedia(token: string | undefined, now: Date): { userId: string; media: MediaRef } | null;
  /** Names an uploaded photo (or, with its name, another file) for the user who uploaded it; a message may only cite its own uploads. */
  uploadTicket(userId: string, sha256: string, fileName?: string): string;
  verifyUpload(ticket: string, userId: string): { sha256: string; fileName?: string } | null;
}

export function createSigner(secret: string): Signer {
  // One key per purpose, so a token of one kind can never pass as another.
  const key = createHmac("sha256", secret).update("duban web v1").digest();
  const mac = (body: string) => createHmac("sha256", key).update(body).digest();

  const sign = (claims: object) => {
    const body = Buffer.from(JSON.stringify(claims)).toString("base64url");
    return `${body}.${mac(body).toString("base64url")}`;
  };

  const open = <T>(schema: z.ZodType<T>, token: string | undefined): T | null => {
    if (!token || token.length > 4096) return null;
    const [body, sig, extra] = token.split(".");
    if (!body || !sig || extra !== undefined) return null;
    const given = Buffer.from(sig, "base64url");
    const expected = mac(body);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    try {
      const parsed = schema.safeParse(JSON.parse(Buffer.from(body, "base64url").toString("utf8")));
      return parsed.success ? parsed.data : null;
    } catch {
      return null;
    }
  };

  return {
    sessionToken: (s, now) => sign({ k: "session", u: s.userId, p: s.personId, exp: now.getTime() + SESSION_TTL_MS }),
    verifySession(token, now) {
      const c = open(sessionClaims, token);
      return c && c.exp > now.getTime() ? { userId: c.u, personId: c.p } : null;
    },
    mediaToken: (userId, media, exp) => sign({ k: "media", u: userId, m: media, exp: exp.getTime() }),
    verifyMedia(token, now) {
      const c = open(mediaClaims, token);
      return c && c.exp > now.getTime() ? { userId: c.u, media: c.m } : null;
    },
    uploadTicket: (userId, sha256, fileName) => sign({ k: "upload", u: userId, s: sha256, ...(fileName !== undefined ? { n: fileName } : {}) }),
    verifyUpload(ticket, userId) {
      const c = open(uploadClaims, ticket);
      if (!c || c.u !== userId) return null;
      return c.n !== undefined ? { sha256: c.s, fileName: c.n } : { sha256: c.s };
    },
  };
}

export const MEDIA_COOKIE = "duban_media";

/** The cookie that lets this browser's <img> and download links show what its session may see. */
export function mediaCookie(token: string | null): string {
  const value = token ? `${MEDIA_COOKIE}=${token}; Max-Age=${SESSION_TTL_MS / 1000}` : `${MEDIA_COOKIE}=; Max-Age=0`;
  return `${value}; Path=/media/; HttpOnly; SameSite=Strict`;
}

/** The session token a request carries in the media cookie. */
export function cookieToken(cookieHeader: string | undefined): string | undefined {
  for (const part of (cookieHeader ?? "").split(";")) {
    const [name, ...value] = part.trim().split("=");
    if (name === MEDIA_COOKIE) return value.join("=");
  }
  return undefined;
}

/** A new web user id for a browser that signs in: never chosen by the browser. */
export function newWebUserId(): string {
  return `w-${randomBytes(9).toString("base64url")}`;
}

export const DASHBOARD_COOKIE = "duban_dashboard";

/** The same session for the dashboard's pages, which are opened as links and cannot send a header either. */
export function dashboardCookie(token: string | null): string {
  const value = token ? `${DASHBOARD_COOKIE}=${token}; Max-Age=${SESSION_TTL_MS / 1000}` : `${DASHBOARD_COOKIE}=; Max-Age=0`;
  return `${value}; Path=/dashboard; HttpOnly; SameSite=Strict`;
}

/** The session token a request carries in the dashboard cookie. */
export function dashboardToken(cookieHeader: string | undefined): string | undefined {
  for (const part of (cookieHeader ?? "").split(";")) {
    const [name, ...value] = part.trim().split("=");
    if (name === DASHBOARD_COOKIE) return value.join("=");
  }
  return undefined;
}
