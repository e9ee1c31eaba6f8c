// `npm start`: the bundle in dist/ (less CPU at start than compiling TypeScript with tsx),
// rebuilt first when any source is newer, so it never runs stale code; from the sources
// through tsx when it cannot be built (esbuild missing).
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { root } from "./prisma-schemas.mjs";

const bundle = join(root, "dist/main.mjs");
const SOURCES = ["src", "adapters", "generated"].map((d) => join(root, d));

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (/\.(ts|mts|js|mjs)$/.test(entry.name)) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

function stale() {
  if (!existsSync(bundle)) return true;
  const built = statSync(bundle).mtimeMs;
  return SOURCES.some((dir) => existsSync(dir) && newestSource(dir) > built);
}

async function entry() {
  if (!stale()) return bundle;
  try {
    const { buildServer } = await import("./build.mjs");
    await buildServer();
    return bundle;
  } catch (err) {
    process.stderr.write(`duban: running from the sources (the bundle could not be built: ${err.message})\n`);
    const { register } = await import("tsx/esm/api");
    register();
    return join(root, "src/main.ts");
  }
}

const { main } = await import(pathToFileURL(await entry()).href);
await main();
