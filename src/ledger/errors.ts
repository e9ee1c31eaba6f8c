/**
 * Why a database call failed: the world (the database unreachable or busy — the same
 * event will go through in a moment, so the receiver holds it and tries again) or the
 * call itself (a unique key already taken, bad data, a bug).
 */
import { Prisma } from "./db";

// Prisma's codes for a database it cannot reach or that is busy: P1001 unreachable,
// P1002 timed out reaching, P1008 operation timeout (SQLITE_BUSY maps here), P1011 TLS,
// P1017 connection closed, P2024 pool timeout, P2028 transaction API (timed out or closed),
// P2034 write conflict or deadlock, P2037 too many connections.
const TRANSIENT_PRISMA = new Set(["P1001", "P1002", "P1008", "P1011", "P1017", "P2024", "P2028", "P2034", "P2037"]);
const TRANSIENT_SYSTEM = new Set([
  "ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH",
  "SQLITE_BUSY", "SQLITE_LOCKED",
]);
// PostgreSQL SQLSTATEs: serialisation failure, deadlock, lock not available, admin
// shutdown / crash / cannot connect now, too many connections, connection exceptions.
const TRANSIENT_SQLSTATE = /^(40001|40P01|55P03|57P0[123]|53300|08\d{3})$/;

export function isTransient(err: unknown, depth = 0): boolean {
  if (depth > 5 || err === null || typeof err !== "object") return false;
  if (err instanceof Prisma.PrismaClientInitializationError) return true;
  if (err instanceof Prisma.PrismaClientKnownRequestError && TRANSIENT_PRISMA.has(err.code)) return true;
  const code = (err as { code?: unknown }).code;
  if (typeof code === "string" && (TRANSIENT_SYSTEM.has(code) || TRANSIENT_SQLSTATE.test(code))) return true;
  if (err instanceof AggregateError && err.errors.some((e) => isTransient(e, depth + 1))) return true;
  return isTransient((err as { cause?: unknown }).cause, depth + 1);
}
