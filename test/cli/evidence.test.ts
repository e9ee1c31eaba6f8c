import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/run";
import { startTestDuban, type TestDuban } from "../support/harness";
import { crop, mirror, PHOTOS_DIR, rotate } from "../support/copies";

let t: TestDuban | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

async function cli(argv: string[]) {
  let out = "";
  let err = "";
  const code = await runCli(argv, {
    env: { DUBAN_LANG: "zh-CN", DATABASE_URL: t!.database.url, DUBAN_DATA_DIR: t!.database.dataDir },
    clock: t!.clock,
    stdout: (c) => void (out += typeof c === "string" ? c : new TextDecoder().decode(c)),
    stderr: (c) => void (err += c),
    tty: null,
  });
  return { code, out, err };
}

const original = readFileSync(join(PHOTOS_DIR, "coffee.jpg"));

async function twoUnitsOneFake(): Promise<void> {
  t = await startTestDuban();
  await t.bindAs("test", "zhang", "official");
  await t.bindAs("test", "li", "official2");
  await t.say("zhang", "#中央-07-2 清淤现场", { photos: [original] });
  t.clock.advance(86_400_000);
  await t.say("li", "#中央-03 工地已覆盖", { photos: [await mirror()(original)] });
}

describe("npm run cli -- evidence", () => {
  it("flags --json prints one array whose objects name the item, kind, time, reason and the earlier photo's item", async () => {
    await twoUnitsOneFake();
    const { code, out } = await cli(["evidence", "flags", "--json"]);
    expect(code).toBe(0);
    const flags = JSON.parse(out) as Record<string, unknown>[];
    expect(flags).toHaveLength(1);
    expect(flags[0]).toMatchObject({
      item: "中央-03", unit: "县住房和城乡建设局", kind: "near_copy", flags: ["near_copy"], reason: "与其他报告的照片近似", sender: "李四",
      matches: [{ item: "中央-07-2", unit: "县水利局", kind: "mirrored" }],
    });
    expect(new Date(flags[0]!.sentAt as string).getTime()).toBe(t!.clock.now().getTime());
  });

  it("flags without --json lists each photo with the earlier photo it copies", async () => {
    await twoUnitsOneFake();
    const { out } = await cli(["evidence", "flags"]);
    expect(out).toMatch(/^照片#\d+ 中央-03（县住房和城乡建设局）.* 李四：与其他报告的照片近似\n  对照：中央-07-2（县水利局）.* 的照片，本张为其镜像翻转的副本\n$/);
  });

  it("match lists the ledger photos that a file received by other means copies, and says when none does", async () => {
    await twoUnitsOneFake();
    const file = join(t!.database.dataDir, "from-email.jpg");
    writeFileSync(file, await crop(0.1, ["bottom"])(original));
    expect(JSON.parse((await cli(["evidence", "match", file, "--json"])).out)).toMatchObject([{ item: "中央-07-2", unit: "县水利局", kind: "cropped" }]);
    writeFileSync(file, await rotate(4)(original));
    expect((await cli(["evidence", "match", file])).out).toMatch(/^照片#\d+ 中央-07-2（县水利局）.*：旋转后的副本/);
    const other = join(t!.database.dataDir, "other.jpg");
    writeFileSync(other, readFileSync(join(PHOTOS_DIR, "coins.jpg")));
    expect((await cli(["evidence", "match", other])).out).toBe("台账中没有与这张照片相同或近似的照片。\n");
    expect(await cli(["evidence", "match", join(t!.database.dataDir, "missing.jpg")])).toMatchObject({ code: 1 });
  });
});
