/**
 * Rows are decoded once, here at the ledger's edge: a status, purpose or kind column
 * becomes its union, a comma-joined column an array. A value outside the union is a
 * damaged row, said as such, rather than a string that travels on unnoticed.
 */
export class DamagedRow extends Error {
  constructor(readonly what: string, readonly value: string) {
    super(`the ledger holds ${JSON.stringify(value)} as ${what}, which duban does not know`);
    this.name = "DamagedRow";
  }
}

export function oneOf<T extends string>(values: readonly T[], raw: string, what: string): T {
  if ((values as readonly string[]).includes(raw)) return raw as T;
  throw new DamagedRow(what, raw);
}

/** A comma-joined column ("official,leader") as the union's members it holds; unknown ones are dropped. */
export function listOf<T extends string>(values: readonly T[], raw: string): T[] {
  return raw
    .split(",")
    .map((v) => v.trim())
    .filter((v): v is T => (values as readonly string[]).includes(v));
}
