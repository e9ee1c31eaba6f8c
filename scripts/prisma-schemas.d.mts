export const root: string;
export const sqliteSchema: string;
export const postgresSchema: string;
export function derivePostgres(source: string): string;
export function writePostgresSchema(): void;
