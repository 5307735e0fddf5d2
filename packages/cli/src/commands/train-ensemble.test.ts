import {
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
} from "node:fs";
import { join } from "node:path";
import type { BioCDocument } from "@biore/bioc-io";
import { type RelationModel, ensembleView, loadModel, predict } from "@biore/re-models";
import { holdOutForSelection, tuneEnsembleDecision } from "@biore/re-models/experiment";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { modelFolderDigest } from "../predict/model-digest.js";
import { BACKEND_ENV, processPredictJob } from "../queue/process-job.js";
import {
  biore,
  haveCorpora,
  readOutput,
  tempDir,
  writeDevSlice,
} from "../predict/testing/fixture.js";

// `biore train --ensemble n` saves one model folder holding n members; predict and evaluate
// read it like any model, and predict decides exactly as re-models' in-memory ensembleView.

const available = haveCorpora();
const work = tempDir("train-ensemble");
const slice = join(work, "slice");
const ensembleDir = join(work, "ensemble");
let trainDocs: BioCDocument[] = [];
let evalDocs: BioCDocument[] = [];
let trainedOut = "";

const train = (...flags: string[]) =>
  biore("train", "--data", slice, "--epochs", "1", "--seed", "1", ...flags);
const sidecarOf = (dir: string) => JSON.parse(readFileSync(join(dir, "biore.json"), "utf8"));

/** The saved members, loaded one by one, as an in-memory ensemble with the saved rule. */
function inMemoryEnsemble(): { view: RelationModel; members: RelationModel[] } {
  const members = ["member-1", "member-2"].map((m) => loadModel(join(ensembleDir, m)));
  const { decision } = JSON.parse(readFileSync(join(ensembleDir, "ensemble.json"), "utf8"));
  return { view: ensembleView(members, decision), members };
}

describe.skipIf(!available)("biore train --ensemble", () => {
  beforeAll(async () => {
    ({ train: trainDocs, dev: evalDocs } = await writeDevSlice(slice));
    const trained = await train("--ensemble", "2", "--out", ensembleDir);
    expect(trained.err).not.toMatch(/^error/m);
    expect(trained.code).toBe(0);
    trainedOut = trained.out;
  }, 120_000);
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it("saves the members, the ensemble's rule and every member's training in one folder", () => {
    expect(trainedOut).toMatch(
      /saved baseline ensemble of 2 \(seeds 1-2\) to .* \(best epochs 1, 1, held-out F1 \d\.\d{3}/,
    );
    for (const f of ["ensemble.json", "manifest.json", "biore.json", "member-1", "member-2"])
      expect(existsSync(join(ensembleDir, f)), f).toBe(true);
    const sidecar = sidecarOf(ensembleDir);
    expect(sidecar.seed).toBe(1);
    expect(sidecar.ensemble.size).toBe(2);
    expect(sidecar.ensemble.members.map((m: { seed: number }) => m.seed)).toEqual([1, 2]);
    expect(sidecar.ensemble.members[1].history).toHaveLength(1);
    expect(sidecar.history).toEqual(sidecar.ensemble.members[0].history);
    expect(sidecar.trainSeconds).toBeCloseTo(
      sidecar.ensemble.members[0].trainSeconds + sidecar.ensemble.members[1].trainSeconds,
      6,
    );
    // the typer (default weight 0.75) is fitted once and shared by both members
    const typer = (m: string) => readFileSync(join(ensembleDir, m, "typer.json"), "utf8");
    expect(typer("member-2")).toBe(typer("member-1"));
  });

  it("tunes the saved rule on the held-out slice of the run's seed, with the averaged scores", () => {
    const { view, members } = inMemoryEnsemble();
    const data = holdOutForSelection(trainDocs, { seed: 1 });
    const { decision } = view;
    expect(tuneEnsembleDecision(ensembleView(members), data)).toEqual(decision);
    for (const m of members) m.dispose();
  });

  it("predict and a queue job read the folder and decide exactly as the in-memory ensemble", async () => {
    const input = join(slice, "Dev.BioC.JSON");
    const out = join(work, "predicted.json");
    const r = await biore("predict", "--model", ensembleDir, input, "--out", out);
    expect(r.err).not.toMatch(/^error/m);
    expect(r.code).toBe(0);
    const key = (d: BioCDocument) =>
      d.relations.map((x) => [
        d.id,
        x.infons.entity1,
        x.infons.entity2,
        x.infons.type,
        x.infons.novel,
      ]);
    const got = (await readOutput(out)).documents;
    const { view, members } = inMemoryEnsemble();
    const expected = predict(view, evalDocs).documents;
    expect(got.flatMap(key)).toEqual(expected.flatMap(key));
    expect(got.flatMap(key).length).toBeGreaterThan(0);
    const scores = (docs: BioCDocument[]) =>
      docs.flatMap((d) => d.relations.map((x) => Number(x.infons.score)));
    const want = scores(expected);
    for (const [i, s] of scores(got).entries()) expect(s).toBeCloseTo(want[i] as number, 5);
    for (const m of members) m.dispose();
    // the manifest line's digest is the folder's: its manifest covers ensemble.json, which
    // holds each member's manifest digest
    const line = JSON.parse(readFileSync(join(work, "manifest.jsonl"), "utf8").trim());
    expect(line.modelDigest).toBe(modelFolderDigest(ensembleDir));

    // a queue worker's job (what its sandboxed processor runs) loads the folder the same way
    const previous = process.env[BACKEND_ENV];
    process.env[BACKEND_ENV] = "cpu";
    const queued = join(work, "queued", "out.json");
    mkdirSync(join(work, "queued"));
    const { size, mtimeMs } = statSync(input);
    const job = await processPredictJob({
      shard: input,
      size,
      mtimeMs,
      gzip: false,
      output: queued,
      format: "json",
      outputGzip: false,
      model: ensembleDir,
      modelDigest: line.modelDigest,
      batch: 32,
    }).finally(() => {
      if (previous === undefined) delete process.env[BACKEND_ENV];
      else process.env[BACKEND_ENV] = previous;
    });
    expect(job.relations).toBe(got.flatMap(key).length);
    expect((await readOutput(queued)).documents.flatMap(key)).toEqual(got.flatMap(key));
  });

  it("evaluate reads the folder", async () => {
    const r = await biore(
      "evaluate",
      "--model",
      ensembleDir,
      "--data",
      join(slice, "Dev.BioC.JSON"),
      "--json",
      "--bootstrap",
      "20",
    );
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).documents).toBe(4);
    const text = await biore(
      "evaluate",
      ...["--model", ensembleDir, "--data", join(slice, "Dev.BioC.JSON"), "--bootstrap", "20"],
    );
    expect(text.out).toMatch(/\(baseline, an ensemble of 2 \(seeds 1-2\)\)/);
  });

  it("--ensemble 1 (the default) is one model, the very one an ensemble's first member is", async () => {
    // saved over a copy of the ensemble: its ensemble.json and member folders go
    const one = join(work, "one");
    cpSync(ensembleDir, one, { recursive: true });
    expect((await train("--out", one, "--ensemble", "1")).code).toBe(0);
    expect(readdirSync(one).filter((f) => /^member-|^ensemble/.test(f))).toEqual([]);
    // same split, seed and typer fit: byte for byte the first member (its own rule included)
    for (const f of ["weights.bin", "model.json", "typer.json", "labels.json", "tokenizer.json"])
      expect(readFileSync(join(one, f)), f).toEqual(readFileSync(join(ensembleDir, "member-1", f)));
    expect(existsSync(join(one, "ensemble.json"))).toBe(false);
    expect(sidecarOf(one).ensemble).toBeUndefined();
  }, 60_000);

  it("refuses a bad --ensemble, and --resume of an ensemble with nothing to resume, before training", async () => {
    for (const bad of ["0", "x", "1.5"]) {
      const out = join(work, "bad");
      const r = await train("--out", out, "--ensemble", bad);
      expect(r.code).toBe(1);
      expect(r.err).toMatch(new RegExp(`--ensemble.*expected an integer ≥ 1, got "${bad}"`));
      expect(existsSync(out)).toBe(false);
    }
    const resumed = await train("--out", join(work, "r"), "--ensemble", "2", "--resume");
    expect(resumed.code).toBe(1);
    expect(resumed.err).toMatch(/^error: no checkpoint to resume in /m);
    expect(resumed.err).toMatch(/^hint: run without --resume to start a new training/m);
  });
});
