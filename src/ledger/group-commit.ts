/**
 * Group commit: transactions that arrive while others run are committed together, in
 * one database transaction, so BEGIN, COMMIT and Prisma's own cost of a transaction are
 * paid once per group, not once per inbound event. Measured on PostgreSQL with 8 events
 * in flight, those were about half of a report's round trips and of Prisma's CPU.
 *
 * Optimistic, without savepoints (each would cost two more round trips): when any member
 * fails, or the COMMIT does, the whole group is rolled back and every member runs again
 * alone in its own transaction, where it succeeds or fails as it would have without the
 * group. So a member's effects — its processed-event id among them — commit exactly once,
 * with its own rows, and one failing event never takes the others down.
 */

type Work<C, T> = (context: C) => Promise<T>;

interface Member<C> {
  fn: Work<C, unknown>;
  resolve(value: unknown): void;
  reject(err: unknown): void;
}

export interface GroupCommitOptions<C> {
  /** Runs work in a transaction of its own, which it is given (a group's, or one member's alone). */
  transaction<T>(work: Work<C, T>): Promise<T>;
  /** Groups being committed at the same time: while they run, new arrivals wait and join the next. */
  inFlight: number;
  /** Members of one group at most: a group's length is one transaction's. */
  maxMembers: number;
}

/** Thrown inside the group's transaction to roll it back when a member failed. */
class MemberFailed extends Error {}

export interface GroupCommit<C> {
  /** `fn` runs in a transaction shared with concurrent callers or, after a failure of the group, alone. */
  run<T>(fn: Work<C, T>): Promise<T>;
}

export function createGroupCommit<C>(opts: GroupCommitOptions<C>): GroupCommit<C> {
  const waiting: Member<C>[] = [];
  let running = 0;
  let scheduled = false;

  const schedule = () => {
    if (scheduled || running >= opts.inFlight || waiting.length === 0) return;
    scheduled = true;
    // Events handed over in the same turn of the event loop join one group.
    setImmediate(() => {
      scheduled = false;
      if (running >= opts.inFlight || waiting.length === 0) return;
      running++;
      void commitGroup(waiting.splice(0, opts.maxMembers)).finally(() => {
        running--;
        schedule();
      });
      schedule();
    });
  };

  const alone = (m: Member<C>) => opts.transaction(m.fn).then(m.resolve, m.reject);

  async function commitGroup(members: Member<C>[]): Promise<void> {
    if (members.length === 1) return alone(members[0]!);
    let results: unknown[];
    try {
      results = await opts.transaction(async (context) => {
        // Concurrently: one member's work in JavaScript overlaps another's statement in the database.
        const settled = await Promise.allSettled(members.map((m) => m.fn(context)));
        if (settled.some((s) => s.status === "rejected")) throw new MemberFailed();
        return settled.map((s) => (s as PromiseFulfilledResult<unknown>).value);
      });
    } catch {
      // Rolled back (a member failed, or the COMMIT did): each member again, on its own.
      await Promise.all(members.map(alone));
      return;
    }
    members.forEach((m, i) => m.resolve(results[i]));
  }

  return {
    run<T>(fn: Work<C, T>): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        waiting.push({ fn, resolve: resolve as (v: unknown) => void, reject });
        schedule();
      });
    },
  };
}
