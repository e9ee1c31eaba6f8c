/**
 * PostgreSQL's hot path: the pg connection Prisma's transaction runs on, so the inbound
 * pipeline's joined read and atomic write skip Prisma (0.1–0.3 ms of CPU per call, about
 * a third of a report's CPU at 8 in flight) and run as named prepared statements, parsed
 * once per connection. A statement on that connection is inside the transaction, as the
 * SQLite hot path's are on its one connection.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { createHash } from "node:crypto";
import type pg from "pg";

/** A transaction's connection, as the hot path uses it. */
export interface PgConnection {
  query<R>(sql: string, values: unknown[]): Promise<R[]>;
}

interface Opened {
  connection: PgConnection | null;
}

const opening = new AsyncLocalStorage<Opened>();

// The oids of "timestamp without time zone" (where Prisma keeps UTC) and bigint (count(*)).
const TIMESTAMP = 1114;
const INT8 = 20;

/** A statement's name, the same on every connection: each prepares it once. */
const names = new Map<string, string>();
const nameOf = (sql: string) => {
  let name = names.get(sql);
  if (!name) names.set(sql, (name = `duban_${createHash("sha1").update(sql).digest("hex").slice(0, 16)}`));
  return name;
};

type Types = typeof pg.types;

function connectionOf(client: pg.PoolClient, defaults: Types): PgConnection {
  const types = {
    getTypeParser: (oid: number, format?: "text" | "binary") => {
      if (oid === TIMESTAMP) return (s: string) => new Date(`${s.replace(" ", "T")}Z`);
      if (oid === INT8) return (s: string) => Number(s);
      return defaults.getTypeParser(oid, format);
    },
  };
  return {
    async query<R>(sql: string, values: unknown[]) {
      const result = await client.query({ name: nameOf(sql), text: sql, values, types } as pg.QueryConfig);
      return result.rows as R[];
    },
  };
}

/**
 * Wraps Prisma's pg adapter factory so that each transaction it starts inside
 * `withConnection` hands over its connection (adapter-pg 6.19 keeps it as the
 * transaction's `client`).
 */
export function exposeTransactions<F extends { connect(): Promise<unknown> }>(factory: F, defaults: Types): F {
  const connect = factory.connect.bind(factory);
  factory.connect = async () => {
    const adapter = (await connect()) as { startTransaction(isolation?: unknown): Promise<{ client: pg.PoolClient }> };
    const start = adapter.startTransaction.bind(adapter);
    adapter.startTransaction = async (isolation) => {
      const tx = await start(isolation);
      tx.client = oneQueryAtATime(tx.client);
      const opened = opening.getStore();
      if (opened) opened.connection = connectionOf(tx.client, defaults);
      return tx;
    };
    return adapter;
  };
  return factory;
}

/**
 * A transaction's connection that sends its queries one after another itself. A group
 * commit's members query it concurrently (Prisma's calls and the hot path's); pg queues
 * such calls but deprecates it (pg 9 drops it). The client itself is left as it is: the
 * pool hands it to other work after the transaction.
 */
function oneQueryAtATime(client: pg.PoolClient): pg.PoolClient {
  let last: Promise<unknown> = Promise.resolve();
  const queued = Object.create(client) as pg.PoolClient;
  queued.query = ((...args: Parameters<pg.PoolClient["query"]>) => {
    const run = last.then(() => (client.query as (...a: unknown[]) => Promise<unknown>).apply(client, args));
    last = run.catch(() => undefined);
    return run;
  }) as pg.PoolClient["query"];
  return queued;
}

/** Runs `open` (which starts one Prisma transaction); `connection()` is that transaction's, once it began. */
export function withConnection<T>(open: (connection: () => PgConnection | null) => Promise<T>): Promise<T> {
  const opened: Opened = { connection: null };
  return opening.run(opened, () => open(() => opened.connection));
}
