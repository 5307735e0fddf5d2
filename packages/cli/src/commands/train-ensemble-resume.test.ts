import { existsSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  biore,
  haveCorpora,
  tempDir,
  interruptedRun,
  writeDevSlice,
} from "../predict/testing/fixture.js";

// `biore train --ensemble n --resume`: a run stopped by Ctrl-C in the middle of member 2 keeps
// member 1 (finished) and member 2's last epoch; the resume reuses the one, continues the other,
// trains member 3 and saves the very ensemble an uninterrupted run saves.

const work = tempDir("train-ensemble-resume");
const slice = join(work, "slice");
afterAll(() => rmSync(work, { recursive: true, force: true }));

const flags = (out: string) => [
  "train",
  "--data",
  slice,
  "--epochs",
  "2",
  "--seed",
  "1",
  "--ensemble",
  "3",
  "--out",
  out,
];

const MEMBER_FILES = [
  "weights.bin",
  "model.json",
  "typer.json",
  "labels.json",
  "tokenizer.json",
  "entity-types.json",
];

describe.skipIf(!haveCorpora())("biore train --ensemble --resume", () => {
  beforeAll(async () => {
    await writeDevSlice(slice);
  });

  it("continues member by member and saves what an uninterrupted run saves", async () => {
    const whole = join(work, "whole");
    const uninterrupted = await biore(...flags(whole));
    expect(uninterrupted.err).not.toMatch(/^error/m);
    expect(uninterrupted.code).toBe(0);

    const out = join(work, "stopped");
    const stopped = await interruptedRun(flags(out), /^baseline 2\/3 \(seed 2\) epoch 1\/2 /);
    expect(stopped.code).toBe(130);
    const checkpoint = join(out, "checkpoint");
    expect(stopped.err).toContain(`checkpoint kept in ${checkpoint}`);
    expect(stopped.err).toMatch(/^resume with: biore train .*--ensemble 3 --resume$/m);
    expect(existsSync(join(out, "manifest.json"))).toBe(false); // no model saved
    expect(readdirSync(checkpoint).sort()).toEqual(["member-1", "member-2"]);
    expect(existsSync(join(checkpoint, "member-1", "finished", "manifest.json"))).toBe(true);
    expect(existsSync(join(checkpoint, "member-2", "checkpoint.bin"))).toBe(true);

    const resumed = await biore(...flags(out), "--resume");
    expect(resumed.err).not.toMatch(/^error/m);
    expect(resumed.code).toBe(0);
    expect(resumed.err).toMatch(/^member 1\/3 \(seed 1\): finished before, kept as it is$/m);
    expect(resumed.err).not.toMatch(/^baseline 1\/3/m); // member 1 not trained again
    expect(resumed.err).toMatch(/^baseline 2\/3 \(seed 2\) epoch 2\/2 /m);
    expect(resumed.err).not.toMatch(/^baseline 2\/3 \(seed 2\) epoch 1\/2 /m);
    expect(resumed.err).toMatch(/^baseline 3\/3 \(seed 3\) epoch 1\/2 /m);
    expect(existsSync(checkpoint)).toBe(false);
    // the same bytes but for the time each member finished (training.json, and through the
    // members' manifests ensemble.json's digests of them)
    const json = (dir: string, file: string) => JSON.parse(readFileSync(join(dir, file), "utf8"));
    expect(json(out, "ensemble.json").decision).toEqual(json(whole, "ensemble.json").decision);
    for (const member of ["member-1", "member-2", "member-3"]) {
      for (const f of MEMBER_FILES)
        expect(readFileSync(join(out, member, f)), `${member}/${f}`).toEqual(
          readFileSync(join(whole, member, f)),
        );
      const training = (dir: string) => {
        const { finishedAt: _, ...rest } = json(join(dir, member), "training.json");
        return rest;
      };
      expect(training(out)).toEqual(training(whole));
    }
    const sidecar = (dir: string) => JSON.parse(readFileSync(join(dir, "biore.json"), "utf8"));
    const histories = (dir: string) =>
      sidecar(dir).ensemble.members.map((m: { history: { loss: number }[] }) =>
        m.history.map((e) => e.loss),
      );
    expect(histories(out)).toEqual(histories(whole));
  }, 180_000);

  it("refuses --resume without anything to resume, and a finished member of another run", async () => {
    const none = await biore(...flags(join(work, "nothing")), "--resume");
    expect(none.code).toBe(1);
    expect(none.err).toMatch(/^error: no checkpoint to resume in /m);

    const out = join(work, "other");
    const stopped = await interruptedRun(flags(out), /^baseline 2\/3 \(seed 2\) epoch 1\/2 /);
    expect(stopped.code).toBe(130);
    const other = await biore(...flags(out), "--typer-weight", "0.5", "--resume");
    expect(other.code).toBe(1);
    expect(other.err).toMatch(
      /^error: the finished member 1\/3 \(seed 1\) in .* was trained by a run with other options, documents or seeds$/m,
    );
    expect(other.err).toMatch(/^hint: resume with the options the ensemble was started with/m);
  }, 120_000);
});
