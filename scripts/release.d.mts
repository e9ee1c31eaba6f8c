export interface Lock {
  packages: Record<string, { name?: string; dev?: boolean; devOptional?: boolean; optional?: boolean }>;
}
export function productionPackages(lock: Lock, exists?: (path: string) => boolean): string[];
/** Builds the release archive into outDir and returns its path. */
export function buildRelease(outDir: string): Promise<string>;
