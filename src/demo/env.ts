/** Where the demo keeps its data: never the real ledger. */
export const DEMO_DATA_DIR = "./data/demo";

/** The environment the demo runs with: the caller's, with the database and data directory replaced. */
export function demoEnv(env: NodeJS.ProcessEnv): { ok: true; env: NodeJS.ProcessEnv } | { ok: false; reason: string } {
  if (env.DATABASE_URL?.startsWith("postgres") && !env.DEMO_DATABASE_URL) {
    return {
      ok: false,
      reason:
        "DATABASE_URL points at PostgreSQL: the demo never writes its invented county into it.\n" +
        "Unset DATABASE_URL to run the demo on its own SQLite file, or give it a database of its own with DEMO_DATABASE_URL.",
    };
  }
  return { ok: true, env: { ...env, DUBAN_DATA_DIR: env.DEMO_DATA_DIR || DEMO_DATA_DIR, DATABASE_URL: env.DEMO_DATABASE_URL ?? "" } };
}
