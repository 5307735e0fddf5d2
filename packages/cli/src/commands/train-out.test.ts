import {
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  biore,
  haveCorpora,
  tempDir,
  expectOneLineError,
  writeDevSlice,
} from "../predict/testing/fixture.js";

// `biore train --out`: a folder the model cannot be saved into is one error line and a hint
// before any training (exit 1, no stack trace); a write the disk refuses at the end of training
// is the same, with the folder refused until a save finishes and the checkpoint kept to resume.

const work = tempDir("train-out");
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("biore train --out that cannot hold a model, refused before training", () => {
  // --data points nowhere: the refusal must come before the corpus is read
  const train = (...flags: string[]) => biore("train", "--data", join(work, "none"), ...flags);

  it("--out is a file", async () => {
    const file = join(work, "a-file");
    writeFileSync(file, "mine");
    const line = expectOneLineError(await train("--out", file), "MODEL_WRITE_FAILED");
    expect(line).toContain(`the path is a file, not a folder; nothing was written (${file})`);
    expect(readFileSync(file, "utf8")).toBe("mine");
  });

  it("a parent of --out is a file", async () => {
    const file = join(work, "parent-file");
    writeFileSync(file, "mine");
    const line = expectOneLineError(
      await train("--out", join(file, "model")),
      "MODEL_WRITE_FAILED",
    );
    expect(line).toMatch(/a part of the path is a file, not a folder \(ENOTDIR\)/);
  });

  it("--out holds someone else's model files (or a file where a member folder goes)", async () => {
    const dir = join(work, "foreign");
    mkdirSync(dir);
    writeFileSync(join(dir, "model.json"), '{"theirs":true}');
    const line = expectOneLineError(await train("--out", dir), "MODEL_DIR_FOREIGN");
    expect(line).toContain(join(dir, "model.json"));
    expect(readdirSync(dir)).toEqual(["model.json"]);
    expect(readFileSync(join(dir, "model.json"), "utf8")).toBe('{"theirs":true}');

    const members = join(work, "members");
    mkdirSync(members);
    writeFileSync(join(members, "member-2"), "mine");
    expectOneLineError(await train("--out", members, "--ensemble", "2"), "MODEL_DIR_FOREIGN");
    expect(readdirSync(members)).toEqual(["member-2"]);
  });
});

describe.skipIf(!haveCorpora() || !existsSync("/dev/full"))(
  "biore train when the disk refuses the model at the end",
  () => {
    const slice = join(work, "slice");
    const out = join(work, "model");
    const train = (...flags: string[]) =>
      biore("train", "--data", slice, "--epochs", "1", "--out", out, ...flags);

    beforeAll(async () => {
      await writeDevSlice(slice);
    });

    it("is one error line naming the file and ENOSPC; the folder is refused, the checkpoint kept to resume", async () => {
      expect((await train("--seed", "2")).code).toBe(0);
      // weights.bin now leads to /dev/full, which answers every write with ENOSPC
      rmSync(join(out, "weights.bin"));
      symlinkSync("/dev/full", join(out, "weights.bin"));
      const failed = await train("--seed", "1");
      const line = expectOneLineError(failed, "MODEL_WRITE_FAILED");
      expect(line).toContain(
        `cannot save the model (writing weights.bin): no space left on the device (ENOSPC); the folder is marked incomplete, so loading it is refused until a save finishes (${join(out, "weights.bin")})`,
      );
      expect(failed.err).toMatch(
        /^hint: .*free disk space.*; the checkpoint in .*checkpoint is kept: then go on with `biore train .*--out .* --resume`$/m,
      );
      const predict = await biore(
        "predict",
        "--model",
        out,
        join(slice, "Dev.BioC.JSON"),
        "--out",
        join(work, "predicted.json"),
      );
      expectOneLineError(predict, "MODEL_INCOMPLETE");

      // once the disk takes it, --resume saves the model the run had trained
      rmSync(join(out, "weights.bin"));
      const resumed = await train("--seed", "1", "--resume");
      expect(resumed.err).not.toMatch(/^error/m);
      expect(resumed.code).toBe(0);
      expect(existsSync(join(out, "checkpoint"))).toBe(false);
      const fresh = join(work, "fresh");
      expect(
        (await biore("train", "--data", slice, "--epochs", "1", "--out", fresh, "--seed", "1"))
          .code,
      ).toBe(0);
      for (const f of ["weights.bin", "model.json", "typer.json"])
        expect(readFileSync(join(out, f)), f).toEqual(readFileSync(join(fresh, f)));
    }, 120_000);

    it("an ensemble: the finished members are kept, and --resume saves them without training", async () => {
      const ensemble = join(work, "ensemble");
      const trainEnsemble = (...more: string[]) =>
        biore(
          "train",
          "--data",
          slice,
          "--epochs",
          "1",
          "--ensemble",
          "2",
          "--out",
          ensemble,
          ...more,
        );
      expect((await trainEnsemble("--seed", "1")).code).toBe(0);
      const weights = join(ensemble, "member-2", "weights.bin");
      rmSync(weights);
      symlinkSync("/dev/full", weights);
      const failed = await trainEnsemble("--seed", "3");
      const line = expectOneLineError(failed, "MODEL_WRITE_FAILED");
      expect(line).toContain(`no space left on the device (ENOSPC)`);
      expect(line).toContain(`(${weights})`);
      expect(failed.err).toMatch(
        /^hint: .*then go on with `biore train .*--ensemble 2 --resume`$/m,
      );

      rmSync(weights);
      const resumed = await trainEnsemble("--seed", "3", "--resume");
      expect(resumed.err).not.toMatch(/^error/m);
      expect(resumed.code).toBe(0);
      expect(resumed.err).toMatch(/^member 1\/2 \(seed 3\): finished before, kept as it is$/m);
      expect(resumed.err).toMatch(/^member 2\/2 \(seed 4\): finished before, kept as it is$/m);
      expect(resumed.err).not.toMatch(/ epoch 1\/1 /);
      expect(existsSync(join(ensemble, "checkpoint"))).toBe(false);
      const sidecar = JSON.parse(readFileSync(join(ensemble, "biore.json"), "utf8"));
      expect(sidecar.ensemble.members.map((m: { seed: number }) => m.seed)).toEqual([3, 4]);
    }, 120_000);
  },
);
