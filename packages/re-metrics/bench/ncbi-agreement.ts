// End-to-end check: `biore evaluate` against NCBI's counting (ncbi-eval-port.ts, a port of
// ncbi/BioREx's `eval`) on the PubTator that `biore predict` writes, on BioRED Dev.
// `pnpm --filter @biore/re-metrics bench:ncbi` (needs the CLI built: `pnpm --filter @biore/cli build`).
// Agreement, not quality, is checked: the model is trained for 2 epochs on 32 Train abstracts.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parsePubTator, pubTatorToBioC, readCollection, writeCollection } from "@biore/bioc-io";
import { dataFile, haveData, repoRoot } from "@biore/test-data";
import { BIORED_LEVELS } from "../src/biored/document-counts.js";
import { NCBI_LEVEL_ARGUMENTS, ncbiEval } from "../src/biored/ncbi-eval-port.js";
import { bioredScores } from "../src/index.js";

const train = dataFile("biored", "Train.BioC.XML");
const devPubTator = dataFile("biored", "Dev.PubTator");
const bin = join(repoRoot, "packages", "cli", "dist", "bin.js");
if (!haveData(train, devPubTator)) process.exit(0);
if (!existsSync(bin)) throw new Error(`${bin} is missing: run pnpm --filter @biore/cli build`);

const work = mkdtempSync(join(tmpdir(), "biore-ncbi-"));
const backend = process.env.BIORE_BACKEND ?? "auto";
const biore = (...args: string[]) =>
  execFileSync(process.execPath, [bin, "--backend", backend, ...args], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });

try {
  // The first 30 Train abstracts, plus the next ones that bring every relation type (the
  // model refuses to evaluate on Dev types it never saw).
  const all = await readCollection(train);
  const subset = all.documents.slice(0, 30);
  const missing = new Set(all.documents.flatMap((d) => d.relations.map((r) => r.infons.type)));
  for (const d of subset) for (const r of d.relations) missing.delete(r.infons.type);
  for (const d of all.documents.slice(30)) {
    if (missing.size === 0) break;
    if (d.relations.some((r) => missing.has(r.infons.type))) {
      subset.push(d);
      for (const r of d.relations) missing.delete(r.infons.type);
    }
  }
  const trainFile = join(work, "Train.BioC.JSON");
  writeCollection({ ...all, documents: subset }, trainFile);
  const model = join(work, "model");
  const predicted = join(work, "Dev.predicted.pubtator");
  biore("train", "--data", trainFile, "--out", model, "--epochs", "2", "--seed", "1");
  biore("predict", "--model", model, devPubTator, "--out", predicted);
  const evaluation = JSON.parse(
    biore("evaluate", "--model", model, "--data", devPubTator, "--json", "--bootstrap", "1"),
  ) as {
    rules: string;
    counts: Record<string, { tp: number; fp: number; fn: number }>;
    scores: Record<string, { estimate: number }>;
  };

  const goldText = readFileSync(devPubTator, "utf8");
  const predText = readFileSync(predicted, "utf8");
  const metricOf = { pair: "pair", pairType: "type", pairNovelty: "novelty", all: "all" } as const;
  const allPairs = bioredScores(
    pubTatorToBioC(parsePubTator(goldText)),
    pubTatorToBioC(parsePubTator(predText)),
    { rules: "all-pairs" },
  );
  console.log(`${subset.length} Train abstracts, 2 epochs; Dev predicted by biore predict`);
  console.log(`biore evaluate rules: ${evaluation.rules}`);
  console.log(
    "level        biore evaluate (tp/fp/fn, F1 %)        NCBI eval on predict's PubTator        all-pairs F1 %",
  );
  let agree = true;
  let largestF1Gap = 0;
  for (const level of BIORED_LEVELS) {
    const [toBinary, hasNovelty] = NCBI_LEVEL_ARGUMENTS[level];
    const ncbi = ncbiEval(goldText, predText, toBinary, hasNovelty);
    const ours = evaluation.counts[metricOf[level]]!;
    const f1 = evaluation.scores[metricOf[level]]!.estimate;
    const same =
      ours.tp === ncbi.tp &&
      ours.fp === ncbi.fp &&
      ours.fn === ncbi.fn &&
      Math.abs(f1 - ncbi.f1) <= 1e-12;
    agree &&= same;
    largestF1Gap = Math.max(largestF1Gap, Math.abs(f1 - ncbi.f1));
    const show = (c: { tp: number; fp: number; fn: number }, f: number) =>
      `${c.tp}/${c.fp}/${c.fn}  ${(100 * f).toFixed(4)}`.padEnd(38);
    console.log(
      `${level.padEnd(12)} ${show(ours, f1)} ${show(ncbi, ncbi.f1)} ${(100 * allPairs[level].f1).toFixed(4)}${same ? "" : "  DIFFERENT"}`,
    );
  }
  console.log(
    agree
      ? `agree: identical tp/fp/fn at every level; largest F1 difference ${largestF1Gap} (2tp/(2tp+fp+fn) vs NCBI's 2PR/(P+R))`
      : "DISAGREE",
  );
  if (!agree) process.exitCode = 1;
} finally {
  rmSync(work, { recursive: true, force: true });
}
