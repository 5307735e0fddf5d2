import { spawn } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { readCollection, writeCollection } from "@biore/bioc-io";
import { dataFile, haveData } from "@biore/test-data";
import { beforeAll, describe, expect, it } from "vitest";
import { run } from "./program.js";

const DEV = dataFile("biored", "Dev.BioC.JSON");
const CDR_DEV = dataFile("cdr", "CDR_DevelopmentSet.BioC.xml");
const available = haveData(DEV, CDR_DEV);
const bin = join(dirname(fileURLToPath(import.meta.url)), "..", "dist", "bin.js");

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, output: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) } };
}

/** Runs the CLI in-process; returns exit code and captured lines. */
async function biore(...argv: string[]) {
  const io = capture();
  const code = await run(["--backend", "cpu", ...argv], io.output);
  return { code, out: io.out.join("\n"), err: io.err.join("\n") };
}

/** `biore train` on the test's training slice, with the given flags. */
function trainOnSlice(...flags: string[]) {
  return biore("train", "--data", slice, ...flags);
}

/** One clear error line and a hint, and no stack trace. */
function expectUserError(result: { code: number; err: string }, message: RegExp) {
  expect(result.code).toBe(1);
  // Lines before the error (a lenient read's warning and its hint) are not part of it.
  const all = result.err.split("\n");
  const lines = all
    .slice(
      Math.max(
        0,
        all.findIndex((l) => l.startsWith("error:")),
      ),
    )
    .filter((l) => l.startsWith("error:") || l.startsWith("hint:"));
  expect(lines[0]).toMatch(/^error: /);
  expect(lines[0]).toMatch(message);
  expect(lines[1]).toMatch(/^hint: /);
  expect(result.err).not.toMatch(/^\s+at .+:\d+/m);
}

const work = mkdtempSync(join(tmpdir(), "biore-e2e-"));
const slice = join(work, "slice");
const modelDir = join(work, "model");

describe.skipIf(!available)("biore end to end on a slice of BioRED Dev", () => {
  beforeAll(async () => {
    // 16 documents to train on, 8 to evaluate: small enough for CI, real data all the same.
    const dev = await readCollection(DEV);
    mkdirSync(slice, { recursive: true });
    writeCollection(
      { ...dev, documents: dev.documents.slice(0, 16) },
      join(slice, "Train.BioC.JSON"),
    );
    writeCollection(
      { ...dev, documents: dev.documents.slice(16, 24) },
      join(slice, "Dev.BioC.JSON"),
    );
    const trained = await trainOnSlice(
      "--model",
      "hnm",
      "--out",
      modelDir,
      "--epochs",
      "2",
      "--seed",
      "3",
    );
    expect(trained.err).not.toMatch(/^error/m);
    expect(trained.code).toBe(0);
    expect(trained.out).toMatch(/saved hnm model to .* \(2 epochs/);
  }, 300_000);

  it("train saved a complete model folder", () => {
    for (const f of ["model.json", "weights.bin", "labels.json", "tokenizer.json", "biore.json"]) {
      expect(existsSync(join(modelDir, f)), f).toBe(true);
    }
    const sidecar = JSON.parse(readFileSync(join(modelDir, "biore.json"), "utf8"));
    expect(sidecar.history).toHaveLength(2);
    expect(sidecar.validationDocuments.length).toBeGreaterThan(0);
  });

  it("train --entity-mask reaches the trainer and is recorded in the model folder", async () => {
    const losses: number[] = [];
    for (const p of ["0", "1"]) {
      const out = join(work, `mask-${p}`);
      const trained = await trainOnSlice(
        "--out",
        out,
        "--epochs",
        "1",
        "--seed",
        "3",
        "--entity-mask",
        p,
      );
      expect(trained.code).toBe(0);
      const sidecar = JSON.parse(readFileSync(join(out, "biore.json"), "utf8"));
      expect(sidecar.entityMask).toBe(Number(p));
      losses.push(sidecar.history[0].loss);
    }
    // Same seed, batches and initialization: only the hidden names can change the loss.
    expect(losses[0]).not.toBeCloseTo(losses[1]!, 6);
    expectUserError(
      await trainOnSlice("--out", join(work, "mask-bad"), "--entity-mask", "1.5"),
      /probability in \[0, 1\]/,
    );
  }, 120_000);

  it("train --selection-window refuses anything but 1 or 3 before training", async () => {
    for (const bad of ["0", "2", "x"]) {
      const out = join(work, "window-bad");
      expectUserError(
        await trainOnSlice("--out", out, "--selection-window", bad),
        new RegExp(`--selection-window.*expected 1 .* or 3 .*, got "${bad}"`),
      );
      expect(existsSync(out)).toBe(false);
    }
  });

  it("train --typer-weight fits and saves a linear typer that evaluate then uses; 0 fits none", async () => {
    const out = join(work, "typer");
    const trained = await trainOnSlice(
      "--out",
      out,
      "--epochs",
      "1",
      "--seed",
      "3",
      "--typer-weight",
      "0.75",
    );
    expect(trained.code).toBe(0);
    expect(trained.err).toMatch(/typer \(weight 0\.75, L2 [\d.e-]+\): held-out pair\+type F1/);
    const sidecar = JSON.parse(readFileSync(join(out, "biore.json"), "utf8"));
    expect(sidecar.typer.weight).toBe(0.75);
    expect(existsSync(join(out, "typer.json"))).toBe(true);
    const model = JSON.parse(readFileSync(join(out, "model.json"), "utf8"));
    expect(model.userDefinedMetadata.typerFusion.weight).toBe(0.75);
    const evaluated = await biore(
      "evaluate",
      "--model",
      out,
      "--data",
      join(slice, "Dev.BioC.JSON"),
      "--json",
      "--bootstrap",
      "50",
    );
    expect(evaluated.code).toBe(0);
    expect(JSON.parse(evaluated.out).documents).toBe(8);
    // the default (0.75) fitted one for the shared model too; --typer-weight 0 fits none
    expect(existsSync(join(modelDir, "typer.json"))).toBe(true);
    const plain = join(work, "no-typer");
    const untyped = await trainOnSlice("--out", plain, "--epochs", "1", "--typer-weight", "0");
    expect(untyped.code).toBe(0);
    expect(existsSync(join(plain, "typer.json"))).toBe(false);
    expectUserError(
      await trainOnSlice("--out", join(work, "typer-bad"), "--typer-weight", "-1"),
      /number >= 0/,
    );
    // --typer-types-only is saved with the fusion (predict and evaluate read it from model.json)
    const typesOnly = join(work, "typer-types-only");
    const typed = await trainOnSlice("--out", typesOnly, "--epochs", "1", "--typer-types-only");
    expect(typed.code).toBe(0);
    const typedModel = JSON.parse(readFileSync(join(typesOnly, "model.json"), "utf8"));
    expect(typedModel.userDefinedMetadata.typerFusion).toMatchObject({
      weight: 0.75,
      typesOnly: true,
    });
    expect(JSON.parse(readFileSync(join(typesOnly, "biore.json"), "utf8")).typer.typesOnly).toBe(
      true,
    );
    const noTyper = join(work, "typer-types-only-bad");
    expectUserError(
      await trainOnSlice("--out", noTyper, "--typer-weight", "0", "--typer-types-only"),
      /--typer-types-only .* --typer-weight 0 fits no typer/,
    );
    expect(existsSync(noTyper)).toBe(false);
  }, 120_000);

  it("train --unlabeled pre-trains the token embeddings on Train text plus the extra files", async () => {
    const unlabeled = join(work, "unlabeled.pubtator");
    const dev = await readCollection(DEV);
    writeCollection({ ...dev, documents: dev.documents.slice(30, 40) }, unlabeled, {
      format: "pubtator",
    });
    const out = join(work, "pretrained-model");
    const result = await trainOnSlice("--out", out, "--epochs", "1", "--unlabeled", unlabeled);
    expect(result.code).toBe(0);
    expect(result.err).toMatch(/pre-training token embeddings .* on 24 documents/); // 14 fitted + 10
    expect(result.err).toMatch(/pre-trained \d+ of \d+ token embeddings on \d+ tokens/);
    const sidecar = JSON.parse(readFileSync(join(out, "biore.json"), "utf8"));
    expect(sidecar.pretraining.unlabeledFiles).toEqual([unlabeled]);
    expect(sidecar.pretraining.options).toMatchObject({ method: "skipgram", seed: 1 });
    expect(sidecar.pretraining.tokens).toBeGreaterThan(1000);
  }, 300_000);

  it("predict writes every document back with scored relations, in another format", async () => {
    const out = join(work, "predicted.xml");
    const result = await biore(
      "predict",
      "--model",
      modelDir,
      join(slice, "Dev.BioC.JSON"),
      "--out",
      out,
    );
    expect(result.code).toBe(0);
    const predicted = await readCollection(out);
    expect(predicted.documents.map((d) => d.id)).toEqual(
      (await readCollection(join(slice, "Dev.BioC.JSON"))).documents.map((d) => d.id),
    );
    const relations = predicted.documents.flatMap((d) => d.relations);
    expect(relations.length).toBeGreaterThan(0);
    for (const r of relations) {
      expect(Object.keys(r.infons).sort()).toEqual([
        "entity1",
        "entity2",
        "novel",
        "score",
        "type",
      ]);
      expect(Number(r.infons.score)).toBeGreaterThan(0);
    }
  });

  it("evaluate --json gives BioRED scores with CIs, per-type F1, confusion and embedding quality", async () => {
    const result = await biore(
      "evaluate",
      "--model",
      modelDir,
      "--data",
      join(slice, "Dev.BioC.JSON"),
      "--json",
      "--bootstrap",
      "200",
    );
    expect(result.code).toBe(0);
    const report = JSON.parse(result.out);
    expect(report.documents).toBe(8);
    for (const m of ["pair", "type", "novelty", "all"]) {
      const s = report.scores[m];
      expect(s.estimate).toBeGreaterThanOrEqual(0);
      expect(s.low).toBeLessThanOrEqual(s.estimate);
      expect(s.high).toBeGreaterThanOrEqual(s.estimate);
    }
    // The pair level only needs the pair right, so it can never score below +type.
    expect(report.scores.pair.estimate).toBeGreaterThanOrEqual(report.scores.type.estimate);
    expect(report.perType.length).toBeGreaterThan(0);
    expect(report.confusion.labels[0]).toBe("None");
    expect(report.embedding.pairs).toBeGreaterThan(0);
  });

  it("evaluate says which entity types the model does not know, and refuses when it knows none", async () => {
    const dev = await readCollection(join(slice, "Dev.BioC.JSON"));
    const renamed = (rename: (type: string) => string) => ({
      ...dev,
      documents: dev.documents.map((d) => ({
        ...d,
        passages: d.passages.map((p) => ({
          ...p,
          annotations: p.annotations.map((a) => ({
            ...a,
            infons: { ...a.infons, type: rename(a.infons.type ?? "") },
          })),
        })),
      })),
    });
    const someFile = join(work, "dev-gene-renamed.json");
    writeCollection(
      renamed((t) => (t === "GeneOrGeneProduct" ? "Gene" : t)),
      someFile,
    );
    const some = await biore(
      "evaluate",
      "--model",
      modelDir,
      "--data",
      someFile,
      "--json",
      "--bootstrap",
      "50",
    );
    expect(some.code).toBe(0);
    expect(some.err).toMatch(
      /warning: .*dev-gene-renamed\.json: the model does not know the entity types Gene \(\d+ mentions\); \d+ of \d+ candidate pairs were not scored/,
    );
    expect(some.err).toMatch(/hint: the model knows .*GeneOrGeneProduct/);
    const report = JSON.parse(some.out);
    expect(Object.keys(report.unknownEntityTypes.types)).toEqual(["Gene"]);
    expect(report.unknownEntityTypes.droppedPairs).toBeGreaterThan(0);

    const noneFile = join(work, "dev-all-renamed.json");
    writeCollection(
      renamed((t) => `X_${t}`),
      noneFile,
    );
    expectUserError(
      await biore("evaluate", "--model", modelDir, "--data", noneFile),
      /dev-all-renamed\.json: the model knows none of the entity types of its [\d,]+ candidate pairs .*nothing to score/,
    );
  });

  it("a missing file: one line and a hint", async () => {
    expectUserError(
      await biore("evaluate", "--model", modelDir, "--data", join(work, "nope.json")),
      /nope\.json does not exist/,
    );
    expectUserError(
      await biore(
        "predict",
        "--model",
        modelDir,
        join(work, "nope.json"),
        "--out",
        join(work, "x.json"),
      ),
      /nope\.json does not exist/,
    );
    expectUserError(
      await trainOnSlice("--out", join(work, "m2"), "--unlabeled", join(work, "nope.xml")),
      /--unlabeled file .*nope\.xml does not exist/,
    );
  });

  it("a folder with no BioC files: one line and a hint", async () => {
    const empty = join(work, "empty");
    mkdirSync(empty, { recursive: true });
    writeFileSync(join(empty, "notes.md"), "nothing here");
    expectUserError(
      await biore("train", "--data", empty, "--out", join(work, "m")),
      /holds no BioC/,
    );
  });

  it("a corrupt model folder: one line and a hint", async () => {
    const broken = join(work, "broken-model");
    cpSync(modelDir, broken, { recursive: true });
    writeFileSync(join(broken, "weights.bin"), "truncated");
    const data = ["--data", join(slice, "Dev.BioC.JSON")];
    expectUserError(await biore("evaluate", "--model", broken, ...data), /weights/);
    writeFileSync(join(broken, "model.json"), "{ not json");
    expectUserError(await biore("evaluate", "--model", broken, ...data), /model\.json/);
    expectUserError(
      await biore("evaluate", "--model", join(work, "no-such-model"), ...data),
      /does not exist/,
    );
  });

  it("a model trained with a different label space: one line and a hint", async () => {
    const result = await biore("evaluate", "--model", modelDir, "--data", CDR_DEV);
    // CDR's own text mismatches are tolerated by a lenient read, and said in one warning line
    expect(result.err).toMatch(/^warning: .* read leniently: \d+ TEXT_MISMATCH/m);
    expectUserError(result, /label|relations/);
    expect(result.err).toMatch(/different label space/);
    // Same corpus conventions, but a relation type the model never learned.
    const dev = await readCollection(join(slice, "Dev.BioC.JSON"));
    const renamed = structuredClone(dev);
    const relation = renamed.documents.flatMap((d) => d.relations)[0]!;
    relation.infons.type = "Made_Up_Type";
    const file = join(work, "renamed.json");
    writeCollection(renamed, file);
    const unknown = await biore("evaluate", "--model", modelDir, "--data", file);
    expectUserError(unknown, /lacks relation types found in .*: Made_Up_Type/);
  });

  it("an unknown backend: one line and a hint; --verbose adds the stack", async () => {
    const io = capture();
    expect(await run(["--backend", "tpu", "info"], io.output)).not.toBe(0);
    expect(io.err.join("\n")).toMatch(/error: option '--backend <name>' argument 'tpu' is invalid/);
    expect(io.err).toHaveLength(2);
    expect(io.err[1]).toMatch(/^hint: /);
    const verbose = capture();
    const code = await run(
      ["--verbose", "evaluate", "--model", join(work, "no-such-model")],
      verbose.output,
    );
    expect(code).toBe(1);
    expect(verbose.err.join("\n")).toMatch(/^\s+at /m);
  });

  it("Ctrl-C during train leaves a resumable checkpoint and exits 130; --resume finishes", async () => {
    expect(existsSync(bin), `${bin} (pnpm build first)`).toBe(true);
    const out = join(work, "interrupted");
    // --selection-window 1 (the rule before the 3-epoch window) reaches the trainer: its
    // checkpoint resumes only with the same window, and the resume line repeats the flag.
    const args = [
      bin,
      "--backend",
      "cpu",
      "train",
      "--data",
      slice,
      "--out",
      out,
      "--epochs",
      "3",
      "--seed",
      "5",
      "--selection-window",
      "1",
    ];
    const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    const code = await new Promise<number | null>((resolve) => {
      child.stderr.on("data", (chunk: Buffer) => {
        stderr += chunk.toString();
        // Interrupt as soon as the first epoch is done.
        if (/epoch 1\/3 /.test(stderr) && !child.killed) child.kill("SIGINT");
      });
      child.on("close", resolve);
    });
    expect(stderr).toMatch(
      /interrupted: stopping after this step; the last finished epoch's checkpoint is kept/,
    );
    expect(code).toBe(130);
    expect(existsSync(join(out, "checkpoint", "checkpoint.bin"))).toBe(true);
    expect(existsSync(join(out, "model.json"))).toBe(false);
    expect(stderr).toMatch(/resume with: biore train .*--selection-window 1 .*--resume/);
    const resume = ["--out", out, "--epochs", "3", "--seed", "5", "--resume"];
    // the trainer's default window (3) is another run: refused, one line and a hint naming the flag
    const otherWindow = await trainOnSlice(...resume);
    expectUserError(otherWindow, /different run/);
    expect(otherWindow.err).toMatch(/^hint: .*--selection-window 1 for one written before/m);
    expect(existsSync(join(out, "checkpoint", "checkpoint.bin"))).toBe(true);
    const resumed = await trainOnSlice(...resume, "--selection-window", "1");
    expect(resumed.code).toBe(0);
    expect(existsSync(join(out, "model.json"))).toBe(true);
    expect(existsSync(join(out, "checkpoint"))).toBe(false);
    const sidecar = JSON.parse(readFileSync(join(out, "biore.json"), "utf8"));
    expect(sidecar.history.map((e: { epoch: number }) => e.epoch)).toEqual([1, 2, 3]);
    expect(sidecar.selectionWindow).toBe(1);
    // absent, nothing is recorded: the trainer's default holds
    expect(JSON.parse(readFileSync(join(modelDir, "biore.json"), "utf8"))).not.toHaveProperty(
      "selectionWindow",
    );
  }, 300_000);
});
