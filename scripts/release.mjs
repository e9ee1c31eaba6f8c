// `npm run release`: the archive a county intranet installs from, with no registry to reach.
// It holds the bundled server and CLI (duban's code and Prisma's generated clients compiled
// in), the production node_modules exactly as installed here (native builds for linux-x64:
// better-sqlite3, sharp), the migrations, the web chat's page, the samples and the guide.
// Installing is unpacking into an empty folder; starting is `npm start` with Node alone.
//
//   node scripts/release.mjs [--out <dir>]   → <dir>/duban-<version>-linux-x64.tar.gz (default release/)
import { build } from "esbuild";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { buildServer } from "./build.mjs";
import { root } from "./prisma-schemas.mjs";

/** Read by the running code through its project root (src/paths.ts), so they ship as files. */
const FILES = ["prisma/migrations", "adapters/web/page", "samples", "docs/deploy.md", "deploy", "package-lock.json"];
const PLATFORM = "linux-x64";

/**
 * The installed packages a production install would have: every package-lock entry that is
 * not a development dependency (dev, or only reachable through one) and is on disk here.
 * Optional packages for other platforms (sharp's, esbuild's) are in the lock but not on disk.
 * A nested node_modules goes with the package holding it.
 */
export function productionPackages(lock, exists = (path) => existsSync(join(root, path))) {
  const paths = Object.entries(lock.packages)
    .filter(([path, p]) => path !== "" && !p.dev && !p.devOptional && exists(path))
    .map(([path]) => path)
    .sort();
  return paths.filter((path) => !paths.some((outer) => path !== outer && path.startsWith(`${outer}/`)));
}

/** The installed package's manifest: how to start, nothing to build or download. */
function releaseManifest(pkg) {
  // The checkout's start command, with the bundle in place of the script that builds it.
  const start = pkg.scripts.start.replace("scripts/start.mjs", "dist/main.mjs");
  if (start === pkg.scripts.start) throw new Error("package.json's start script no longer runs scripts/start.mjs: update the release manifest");
  return {
    name: pkg.name,
    version: pkg.version,
    description: pkg.description,
    license: pkg.license,
    private: true,
    type: "module",
    engines: pkg.engines,
    scripts: {
      start,
      cli: "node dist/cli.mjs",
      "db:migrate": "node dist/cli.mjs migrate",
    },
    dependencies: pkg.dependencies,
  };
}

export async function buildRelease(outDir) {
  if (`${process.platform}-${process.arch}` !== PLATFORM) {
    throw new Error(`the release carries this machine's native builds: build it on ${PLATFORM}, not ${process.platform}-${process.arch}`);
  }
  const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
  const lock = JSON.parse(readFileSync(join(root, "package-lock.json"), "utf8"));
  await buildServer();
  await build({
    entryPoints: [join(root, "src/cli/main.ts")],
    outfile: join(root, "dist/cli.mjs"),
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    sourcemap: "linked",
    logLevel: "warning",
  });
  const staging = mkdtempSync(join(tmpdir(), "duban-release-"));
  try {
    writeFileSync(join(staging, "package.json"), JSON.stringify(releaseManifest(pkg), null, 2) + "\n");
    mkdirSync(outDir, { recursive: true });
    const archive = join(outDir, `duban-${pkg.version}-${PLATFORM}.tar.gz`);
    const dist = ["dist/main.mjs", "dist/main.mjs.map", "dist/cli.mjs", "dist/cli.mjs.map"];
    // gzip -1: a tenth larger than -9 and several times quicker over half a gigabyte of packages.
    execFileSync("tar", ["-c", "-I", "gzip -1", "-f", archive, "-C", staging, "package.json", "-C", root, ...dist, ...FILES, ...productionPackages(lock)]);
    return archive;
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

if (process.argv[1] === new URL(import.meta.url).pathname) {
  const { values } = parseArgs({ options: { out: { type: "string", default: join(root, "release") } } });
  process.stdout.write(`${await buildRelease(resolve(values.out))}\n`);
}
