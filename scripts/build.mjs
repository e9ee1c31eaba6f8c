// Bundles the server (src/main.ts and everything it imports from the checkout) into
// dist/main.mjs for `npm start`: no TypeScript compiler in the running process. npm
// packages stay imports of node_modules, so the bundle holds only duban's own code.
import { build } from "esbuild";
import { join } from "node:path";
import { root } from "./prisma-schemas.mjs";

export const bundle = join(root, "dist/main.mjs");

export async function buildServer() {
  await build({
    entryPoints: [join(root, "src/main.ts")],
    outfile: bundle,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    sourcemap: "linked",
    logLevel: "warning",
  });
}

if (process.argv[1] === new URL(import.meta.url).pathname) await buildServer();
