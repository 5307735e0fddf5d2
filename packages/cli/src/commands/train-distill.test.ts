import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { formatCollection, readCollection } from "@biore/bioc-io";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { modelDigest } from "../predict/model-digest.js";
import {
  CDR_DEV,
  biore,
  haveCorpora,
  tempDir,
  trainTinyModel,
  expectOneLineError,
  interruptedRun,
} from "../predict/testing/fixture.js";

// `biore train --distill-from <model folder>`: one student learns a saved model's softened scores
// beside the gold labels. The teacher here is the fixture's tiny model (16 Dev documents, seed 1,
// 1 epoch); a plain run with the same flags is that very model, byte for byte.

const work = tempDir("train-distill");
afterAll(() => rmSync(work, { recursive: true, force: true }));

let teacher: string;
const slice = () => join(work, "train-slice"); // written by trainTinyModel
const student = (out: string, ...flags: string[]) =>
  biore("train", "--data", slice(), "--epochs", "1", "--seed", "1", "--out", out, ...flags);
const sidecarOf = (dir: string) => JSON.parse(readFileSync(join(dir, "biore.json"), "utf8"));

describe.skipIf(!haveCorpora())("biore train --distill-from", () => {
  beforeAll(async () => {
    teacher = await trainTinyModel(work);
  }, 60_000);

  it("trains a student that saves, loads and predicts, differs from a plain run, and records its teacher", async () => {
    const out = join(work, "student");
    const r = await student(out, "--distill-from", teacher);
    expect(r.err).not.toMatch(/^error/m);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(
      new RegExp(
        `^distilling from ${resolve(teacher)} \\(weight 1, temperature 2\\): teacher scored \\d+ training documents in `,
        "m",
      ),
    );
    // same seed and files as the teacher: its held-out slice is the student's, nothing to warn
    expect(r.err).not.toMatch(/warning/);
    // the plain run with these flags is the teacher itself
    expect(readFileSync(join(out, "weights.bin"))).not.toEqual(
      readFileSync(join(teacher, "weights.bin")),
    );
    expect(sidecarOf(out).distillation).toEqual({
      teacher: resolve(teacher),
      teacherDigest: modelDigest(teacher),
      weight: 1,
      temperature: 2,
    });
    expect(sidecarOf(teacher).distillation).toBeUndefined();
    const predicted = join(work, "predicted.json");
    const p = await biore(
      "predict",
      "--model",
      out,
      join(slice(), "Dev.BioC.JSON"),
      "--out",
      predicted,
    );
    expect(p.err).not.toMatch(/^error/m);
    expect(p.code).toBe(0);
    expect((await readCollection(predicted)).documents).toHaveLength(4);
  }, 60_000);

  it("learns from a saved ensemble (its members' averaged scores)", async () => {
    const ensemble = join(work, "ensemble-teacher");
    const t = await student(ensemble, "--ensemble", "2");
    expect(t.code).toBe(0);
    const out = join(work, "ensemble-student");
    const r = await student(out, "--distill-from", ensemble);
    expect(r.err).not.toMatch(/^(error|warning)/m);
    expect(r.code).toBe(0);
    expect(existsSync(join(out, "ensemble.json"))).toBe(false); // one model
    expect(sidecarOf(out).distillation.teacherDigest).toBe(modelDigest(ensemble));
    expect(readFileSync(join(out, "weights.bin"))).not.toEqual(
      readFileSync(join(join(work, "student"), "weights.bin")),
    );
  }, 60_000);

  it("teaches a student with a pretrained encoder, which reads the documents as wordpieces", async () => {
    // the student re-encodes its fit documents (wordpieces, entity markers): the teacher's
    // targets must follow that encoding, not the conv teacher's
    const tinyBert = resolve(import.meta.dirname, "../../../re-models/test/fixtures/tiny-bert");
    const out = join(work, "bert-student");
    const r = await student(out, "--distill-from", teacher, "--encoder", `hf:${tinyBert}`);
    expect(r.err).not.toMatch(/^(error|warning)/m);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/^distilling from .*: teacher scored \d+ training documents/m);
    expect(sidecarOf(out).distillation.teacherDigest).toBe(modelDigest(teacher));
  }, 120_000);

  it("--distill-weight 0 trains byte for byte the plain model", async () => {
    const out = join(work, "weight-0");
    const r = await student(out, "--distill-from", teacher, "--distill-weight", "0");
    expect(r.code).toBe(0);
    for (const f of ["weights.bin", "model.json", "typer.json"])
      expect(readFileSync(join(out, f)), f).toEqual(readFileSync(join(teacher, f)));
    expect(sidecarOf(out).distillation.weight).toBe(0);
  }, 60_000);

  it("refuses bad flags and combinations in one line, before training", async () => {
    const out = join(work, "refused");
    const cases: [string[], RegExp][] = [
      [
        ["--distill-weight", "0.5"],
        /^error: --distill-weight sets .* no --distill-from was given$/m,
      ],
      [
        ["--distill-temperature", "3", "--distill-weight", "1"],
        /^error: --distill-weight and --distill-temperature set .* no --distill-from/m,
      ],
      [["--distill-from", teacher, "--ensemble", "2"], /^error: --distill-from .* --ensemble$/m],
      [
        ["--distill-from", join(work, "refused", ".")],
        /^error: --distill-from and --out name the same folder .*: the student would be saved over its teacher$/m,
      ],
      [
        ["--distill-from", join(work, "nowhere")],
        /^error: teacher folder .*nowhere does not exist$/m,
      ],
      [
        ["--distill-from", slice()],
        /^error: --distill-from .*train-slice: .*\[MODEL_INCOMPLETE\]$/m,
      ],
    ];
    for (const [flags, message] of cases) {
      const r = await student(out, ...flags);
      expectOneLineError(r);
      expect(r.err, flags.join(" ")).toMatch(message);
      expect(r.err).not.toMatch(/ epoch 1\/1 /);
    }
    // out-of-range values: commander's one line and the help hint
    for (const [flag, value, expected] of [
      ["--distill-weight", "-1", /expected a number >= 0/],
      ["--distill-weight", "x", /expected a number >= 0/],
      ["--distill-temperature", "0", /expected a number > 0/],
      ["--distill-temperature", "Infinity", /expected a number > 0/],
    ] as const) {
      const r = await student(out, "--distill-from", teacher, `${flag}=${value}`);
      expect(r.code).toBe(1);
      expect(r.err).toMatch(
        new RegExp(`^error: option '${flag} <\\w>' argument '${value}' is invalid`, "m"),
      );
      expect(r.err).toMatch(expected);
      expect(r.err).not.toMatch(/^\s+at /m);
    }
    expect(existsSync(out)).toBe(false);
  }, 60_000);

  it("refuses a teacher of other relation types in one line", async () => {
    const cdr = await readCollection(CDR_DEV);
    const file = join(work, "cdr.BioC.JSON");
    writeFileSync(
      file,
      formatCollection({ ...cdr, documents: cdr.documents.slice(0, 12) }, { format: "json" }),
    );
    const cdrTeacher = join(work, "cdr-teacher");
    const t = await biore("train", "--data", file, "--epochs", "1", "--out", cdrTeacher);
    expect(t.code).toBe(0);
    const r = await student(join(work, "cdr-student"), "--distill-from", cdrTeacher);
    const line = expectOneLineError(r);
    expect(line).toMatch(
      /^error: the teacher's labels \[.*\] differ from the student's \[.*\] \[LABEL_SPACE_MISMATCH\]$/,
    );
    expect(r.err).toMatch(/^hint: distill from a teacher trained on the same relation types: /m);
  }, 60_000);

  it("resumes with the same teacher (the resume line repeats the flags), refuses another, warns of another seed", async () => {
    const flags = (out: string, from: string) => [
      "train",
      "--data",
      slice(),
      "--epochs",
      "2",
      "--seed",
      "3", // one of its 2 held-out documents is in the teacher's training (seed 1); same labels
      "--out",
      out,
      "--distill-from",
      from,
      "--distill-temperature",
      "3",
    ];
    const whole = join(work, "whole");
    const uninterrupted = await biore(...flags(whole, teacher));
    expect(uninterrupted.code).toBe(0);
    // the teacher held out seed 1's slice and trained on the rest, which seed 3 holds out in part
    expect(uninterrupted.err).toMatch(
      /^warning: the teacher was trained with seed 1 on .*: its training saw 1 of this run's 2 held-out documents; pass --seed 1 to hold out the same slice$/m,
    );

    const out = join(work, "stopped");
    const stopped = await interruptedRun(flags(out, teacher), /^baseline epoch 1\/2 /);
    expect(stopped.code).toBe(130);
    expect(stopped.err).toMatch(
      new RegExp(
        `^resume with: biore train .*--seed 3 .*--distill-from ${teacher} --distill-weight 1 --distill-temperature 3 --resume$`,
        "m",
      ),
    );

    // another teacher (the student trained above, same labels) is another run
    const other = await biore(...flags(out, join(work, "student")), "--resume");
    expect(expectOneLineError(other)).toMatch(/\[CHECKPOINT_INVALID\]$/);
    expect(other.err).toMatch(/^hint: .*--distill-\* \(the same teacher folder, unchanged\)/m);

    const resumed = await biore(...flags(out, teacher), "--resume");
    expect(resumed.err).not.toMatch(/^error/m);
    expect(resumed.code).toBe(0);
    expect(resumed.err).not.toMatch(/ epoch 1\/2 /);
    for (const f of ["weights.bin", "model.json", "typer.json"])
      expect(readFileSync(join(out, f)), f).toEqual(readFileSync(join(whole, f)));
    expect(sidecarOf(out).distillation.temperature).toBe(3);
  }, 90_000);
});
