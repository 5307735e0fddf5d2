import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  biore,
  devShard,
  expectOneLineError,
  haveCorpora,
  interruptedRun,
  tempDir,
  writeDevSlice,
} from "../predict/testing/fixture.js";

// `biore train --unlabeled … --resume`: the resumed run takes its token embeddings from the
// checkpoint and does not pre-train again, yet its biore.json records the pre-training exactly
// as an uninterrupted run's does (one model, and an ensemble whose first member was stopped).

const work = tempDir("train-pretraining-resume");
const slice = join(work, "slice");
const unlabeled = join(work, "unlabeled.pubtator");
afterAll(() => rmSync(work, { recursive: true, force: true }));

const flags = (out: string, ...more: string[]) => [
  "train",
  "--data",
  slice,
  "--epochs",
  "2",
  "--seed",
  "1",
  "--unlabeled",
  unlabeled,
  "--out",
  out,
  ...more,
];

const sidecar = (dir: string) => JSON.parse(readFileSync(join(dir, "biore.json"), "utf8"));

async function uninterrupted(out: string, ...more: string[]) {
  const r = await biore(...flags(out, ...more));
  expect(r.err).not.toMatch(/^error/m);
  expect(r.code).toBe(0);
  return sidecar(out).pretraining;
}

describe.skipIf(!haveCorpora())("biore train --resume keeps the pre-training record", () => {
  beforeAll(async () => {
    await writeDevSlice(slice);
    writeFileSync(unlabeled, await devShard(30, 40, "pubtator"));
  });

  it("one model: the resumed run's biore.json has the uninterrupted run's pretraining", async () => {
    const whole = await uninterrupted(join(work, "whole"));
    expect(whole.unlabeledFiles).toEqual([unlabeled]);
    expect(whole.tokens).toBeGreaterThan(1000);

    const out = join(work, "stopped");
    const stopped = await interruptedRun(flags(out), /^baseline epoch 1\/2 /);
    expect(stopped.code).toBe(130);
    expect(existsSync(join(out, "checkpoint", "checkpoint.bin"))).toBe(true);
    expect(existsSync(join(out, "checkpoint", "pretraining.json"))).toBe(true);

    const resumed = await biore(...flags(out, "--resume"));
    expect(resumed.err).not.toMatch(/^error/m);
    expect(resumed.code).toBe(0);
    expect(resumed.err).not.toMatch(/pre-training token embeddings/); // from the checkpoint
    expect(sidecar(out).pretraining).toEqual(whole);
    expect(existsSync(join(out, "checkpoint"))).toBe(false);
  }, 180_000);

  it("an ensemble stopped in member 1: the resumed ensemble's biore.json has it too", async () => {
    const whole = await uninterrupted(join(work, "whole-ensemble"), "--ensemble", "2");
    expect(whole.unlabeledFiles).toEqual([unlabeled]);

    const out = join(work, "stopped-ensemble");
    const ensemble = flags(out, "--ensemble", "2");
    const stopped = await interruptedRun(ensemble, /^baseline 1\/2 \(seed 1\) epoch 1\/2 /);
    expect(stopped.code).toBe(130);
    const member = join(out, "checkpoint", "member-1");
    expect(existsSync(join(member, "checkpoint.bin"))).toBe(true);
    expect(existsSync(join(member, "pretraining.json"))).toBe(true);

    const resumed = await biore(...ensemble, "--resume");
    expect(resumed.err).not.toMatch(/^error/m);
    expect(resumed.code).toBe(0);
    expect(resumed.err).toMatch(/^baseline 1\/2 \(seed 1\) epoch 2\/2 /m);
    expect(resumed.err).not.toMatch(/^baseline 1\/2 \(seed 1\) epoch 1\/2 /m);
    expect(sidecar(out).pretraining).toEqual(whole);
  }, 240_000);

  it("a damaged record is one error line naming it, and a fresh run replaces it", async () => {
    const out = join(work, "damaged");
    const stopped = await interruptedRun(flags(out), /^baseline epoch 1\/2 /);
    expect(stopped.code).toBe(130);
    const record = join(out, "checkpoint", "pretraining.json");
    writeFileSync(record, "{ not json");
    const line = expectOneLineError(await biore(...flags(out, "--resume")));
    expect(line).toContain(`${record} is not a pre-training record`);

    const fresh = await biore(...flags(out));
    expect(fresh.code).toBe(0);
    expect(sidecar(out).pretraining.tokens).toBeGreaterThan(1000);
  }, 180_000);
});
