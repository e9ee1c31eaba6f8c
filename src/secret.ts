/**
 * The deployment's secret: DUBAN_SECRET when set; otherwise a random secret made once and
 * kept beside the data (owner-only), so that what it signs survives a restart without
 * anyone having to configure one. The web chat signs sessions with a key derived from it,
 * and the ledger marks its audit rows with another.
 */
import { randomBytes } from "node:crypto";
import { chmodSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { privateDirSync } from "./ledger/private-files";
import { auditKeyFrom, type AuditKey } from "./ledger/audit-mark";

export function loadSecret(configured: string | undefined, dataDir: string): string {
  if (configured) return configured;
  const path = join(dataDir, "web-secret");
  try {
    const kept = readFileSync(path, "utf8").trim();
    if (kept.length >= 32) return kept;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
  }
  privateDirSync(dataDir);
  const secret = randomBytes(32).toString("hex");
  try {
    writeFileSync(path, secret + "\n", { mode: 0o600, flag: "wx" });
  } catch (err) {
    // Another process made it first: use theirs, or the two would refuse each other's work.
    if ((err as NodeJS.ErrnoException).code === "EEXIST") return readFileSync(path, "utf8").trim();
    throw err;
  }
  chmodSync(path, 0o600);
  return secret;
}

/** The key the ledger marks its audit rows with: every process of one deployment derives the same. */
export function configuredAuditKey(config: { DUBAN_SECRET?: string; dataDir: string }): AuditKey {
  return auditKeyFrom(loadSecret(config.DUBAN_SECRET, config.dataDir));
}
