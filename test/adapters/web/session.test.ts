import { describe, expect, it } from "vitest";
import { createSigner, SESSION_TTL_MS } from "../../../adapters/web/session";

const now = new Date("2026-11-25T02:00:00Z");
const signer = createSigner("the-server-secret-0123456789abcdef");
const session = { userId: "w-abc", personId: 7 };

describe("web session tokens", () => {
  it("a token the server signed names the user and person it was issued to", () => {
    expect(signer.verifySession(signer.sessionToken(session, now), now)).toEqual(session);
  });

  it("a token signed with another secret is refused", () => {
    const forged = createSigner("someone-elses-secret").sessionToken(session, now);
    expect(signer.verifySession(forged, now)).toBeNull();
  });

  it("a token whose user id was changed is refused", () => {
    const [, sig] = signer.sessionToken(session, now).split(".");
    const body = Buffer.from(JSON.stringify({ k: "session", u: "w-someone-else", p: 1, exp: now.getTime() + 1e9 })).toString("base64url");
    expect(signer.verifySession(`${body}.${sig}`, now)).toBeNull();
  });

  it("a token is refused once it has expired", () => {
    const token = signer.sessionToken(session, now);
    expect(signer.verifySession(token, new Date(now.getTime() + SESSION_TTL_MS - 1))).toEqual(session);
    expect(signer.verifySession(token, new Date(now.getTime() + SESSION_TTL_MS))).toBeNull();
  });

  it("garbage, a missing token and a token of another kind are refused", () => {
    for (const bad of [undefined, "", "abc", "a.b.c", "....", signer.uploadTicket("w-abc", "a".repeat(64))]) {
      expect(signer.verifySession(bad, now)).toBeNull();
    }
    expect(signer.verifySession(signer.mediaToken("w-abc", { e: "0".repeat(64) }, new Date(now.getTime() + 1000)), now)).toBeNull();
  });

  it("an upload ticket can be cited only by the person who uploaded the photo", () => {
    const sha = "ab".repeat(32);
    const ticket = signer.uploadTicket("w-abc", sha);
    expect(signer.verifyUpload(ticket, "w-abc")).toEqual({ sha256: sha });
    expect(signer.verifyUpload(ticket, "w-other")).toBeNull();
    // A file that is not a photo carries the name it was sent with.
    expect(signer.verifyUpload(signer.uploadTicket("w-abc", sha, "台账.xlsx"), "w-abc")).toEqual({ sha256: sha, fileName: "台账.xlsx" });
  });

  it("a media link works until it expires", () => {
    const link = signer.mediaToken("w-abc", { e: "0".repeat(64) }, new Date(now.getTime() + 1000));
    expect(signer.verifyMedia(link, now)).toEqual({ userId: "w-abc", media: { e: "0".repeat(64) } });
    expect(signer.verifyMedia(link, new Date(now.getTime() + 1000))).toBeNull();
  });
});
