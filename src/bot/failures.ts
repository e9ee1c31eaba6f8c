/**
 * Why an inbound event failed: the world (see isTransient: the receiver holds the event
 * and tries again) or the event itself (bad data, a bug — trying again gives the same
 * error, so after a few tries it is recorded as failed and the channel moves on).
 */
export { isTransient } from "../ledger/errors";

/** One line for an admin: the error's name and message, without a stack. */
export function describeError(err: unknown): string {
  if (err instanceof Error) return `${err.name}: ${err.message}`.slice(0, 2000);
  return String(err).slice(0, 2000);
}
