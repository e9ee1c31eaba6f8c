/**
 * What every ledger operation takes first: the open ledger, or one transaction of it.
 * Above src/ledger it is a handle to pass on, never a database client: code there calls
 * the ledger's named operations (recordReport, signOff, queueMessage, …), and only
 * src/ledger knows Prisma. Operations called with one transaction's session commit
 * together or not at all.
 */
import type { Tx } from "./db";

declare const opaque: unique symbol;
export interface Session {
  readonly [opaque]: "ledger session";
}

/** Inside src/ledger only: the Prisma client behind a session. */
export function clientOf(session: Session): Tx {
  return session as unknown as Tx;
}

/** Inside src/ledger only: a Prisma client (or transaction) as a session. */
export function sessionOf(client: Tx): Session {
  return client as unknown as Session;
}
