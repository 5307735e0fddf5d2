import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  biore,
  devShard,
  haveCorpora,
  readOutput,
  spawnBiore,
  tempDir,
  tempFiles,
  trainTinyModel,
  waitFor,
} from "./testing/fixture.js";

const available = haveCorpora();
const work = tempDir("predict-interrupt");
let model = "";
let input = "";

describe.skipIf(!available)("interrupting biore predict", () => {
  beforeAll(async () => {
    model = await trainTinyModel(work);
    input = join(work, "dev.pubtator");
    writeFileSync(input, await devShard(0, 60, "pubtator"));
  }, 120_000);
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  for (const signal of ["SIGINT", "SIGTERM", "SIGKILL"] as const) {
    it(`${signal} mid-shard leaves the old output intact${signal === "SIGKILL" ? "; the next run removes the temp file" : " and no temp file"}`, async () => {
      const dir = join(work, signal);
      const target = join(dir, "dev.json");
      // An existing output (from an earlier run) that must survive.
      rmSync(dir, { recursive: true, force: true });
      const first = await biore("predict", "--model", model, input, "--out", dir, "--to", "json");
      expect(first.code).toBe(0);
      writeFileSync(target, "earlier output");
      const child = spawnBiore([
        "predict",
        "--model",
        model,
        input,
        "--out",
        dir,
        "--to",
        "json",
        "--batch",
        "4",
      ]);
      await waitFor(
        () => tempFiles(dir).length > 0,
        60_000,
        "the temp file of the running predict",
      );
      child.child.kill(signal);
      await child.exited;
      expect(child.child.signalCode ?? child.child.exitCode).not.toBe(0);
      expect(readFileSync(target, "utf8")).toBe("earlier output");
      if (signal !== "SIGKILL") expect(tempFiles(dir)).toEqual([]);
      else expect(tempFiles(dir)).toHaveLength(1);
      expect(child.stderr).not.toMatch(/^\s+at /m);
      // The next run replaces the output whole and leaves no temp file behind.
      const again = await biore("predict", "--model", model, input, "--out", dir, "--to", "json");
      expect(again.code).toBe(0);
      expect(tempFiles(dir)).toEqual([]);
      expect((await readOutput(target)).documents).toHaveLength(60);
    });
  }
});
