import { expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { loadConfig } from "../../src/config";

const deploy = (...p: string[]) => readFileSync(join(import.meta.dirname, "../../deploy", ...p), "utf8");

/** KEY=value lines of an env file, comments left out. */
function envFile(text: string): Record<string, string> {
  return Object.fromEntries(
    text
      .split("\n")
      .filter((l) => /^[A-Z_]+=/.test(l))
      .map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]),
  );
}

/** The duban service's environment in compose.yaml (its upper-case keys: npm's own are lower case). */
function composeEnv(text: string): Record<string, string> {
  const block = text.slice(text.indexOf("  environment:\n"), text.indexOf("  volumes:\n"));
  return Object.fromEntries([...block.matchAll(/^ {4}([A-Z_]+): (.+)$/gm)].map((m) => [m[1]!, m[2]!.replace(/\$\{[^}]+\}/, "secret")]));
}

it("the deployment's environment files hold only settings duban knows, and each process's settle into a valid configuration", () => {
  const shared = envFile(deploy("duban.env.example"));
  for (const own of ["1.env", "2.env"].map((f) => envFile(deploy("systemd", f)))) {
    const env = { ...shared, ...own };
    const config = loadConfig(env);
    for (const key of Object.keys(env)) expect(config, key).toHaveProperty(key);
  }
  const compose = { ...shared, ...composeEnv(deploy("compose.yaml")) };
  expect(Object.keys(compose)).toContain("WEB_HOST");
  const config = loadConfig(compose);
  for (const key of Object.keys(compose)) expect(config, key).toHaveProperty(key);
});

it("gives every process on one host its own ports, and nginx sends to each of them", () => {
  const [one, two] = ["1.env", "2.env"].map((f) => envFile(deploy("systemd", f)));
  expect(Object.keys(one!)).toEqual(Object.keys(two!));
  const ports = [...Object.values(one!), ...Object.values(two!)];
  expect(new Set(ports).size).toBe(ports.length);
  const nginx = deploy("nginx", "duban.conf");
  for (const key of ["WEB_PORT", "SLACK_PORT", "WECOM_PORT", "TELEGRAM_WEBHOOK_PORT"]) {
    for (const env of [one!, two!]) expect(nginx, key).toContain(`server 127.0.0.1:${env[key]}`);
  }
});
