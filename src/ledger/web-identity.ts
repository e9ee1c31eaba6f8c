/** Identities as the web chat's demo sign-in needs them. */
import type { Platform } from "../core/types";
import { clientOf, type Session } from "./session";

/** The first identity on this platform bound to the person, if any: a demo sign-in reuses it. */
export async function earliestIdentityOf(session: Session, platform: Platform, personId: number): Promise<string | null> {
  const earlier = await clientOf(session).chatIdentity.findFirst({
    where: { platform, personId },
    orderBy: { id: "asc" },
    select: { userId: true },
  });
  return earlier?.userId ?? null;
}
