import { join } from "node:path";
import { type Command, Option } from "commander";
import type { ModelSize } from "@biore/re-models";
import { type SplitName, resolveSplit } from "../data/splits.js";
import { projectEmbeddings } from "../evaluation/embedding-quality.js";
import { comparisonOf } from "../evaluation/seed-scores.js";
import type { Output } from "../output.js";
import { keptOut, pretrainingInput, readDocuments } from "../pipeline/corpus.js";
import { type EncoderChoice, encoderCliOption, encoderLabel } from "../pipeline/encoder-option.js";
import { entityMaskCliOption, entityMaskOf } from "../pipeline/entity-mask-option.js";
import {
  type SelectionWindow,
  selectionWindowCliOption,
  selectionWindowOf,
} from "../pipeline/selection-window-option.js";
import { type HnmPreset, hnmCliOptions, hnmOptionsOf } from "../pipeline/hnm-presets.js";
import { parseTrainSplits, readTrainingSplits } from "../pipeline/train-splits.js";
import { UserError } from "../user-error.js";
import { reportEvaluation } from "../pipeline/evaluate-model.js";
import { createRunModel, progressCallbacks, toEpochRecord } from "../pipeline/train-model.js";
import { defaultBarTarget } from "../progress/bars.js";
import { TrainingProgress } from "../progress/training-progress.js";
import { checkTyperFlags, typerCliOptions, typerOf } from "../pipeline/typer-option.js";
import { comparisonRows } from "../reports/comparison-table.js";
import { textTable } from "../reports/format.js";
import type { CompareReport, RunReport } from "../reports/types.js";
import { writeReport } from "../reports/write-report.js";
import { Interrupted, catchInterrupt } from "../signals/interrupt.js";
import { type TyperRunRecord, runExperiment } from "@biore/re-models/experiment";
import { activateBackend, integerOption, locateData } from "./common.js";

/**
 * Defaults chosen so the whole comparison on BioRED fits 15 minutes on 2 CPU cores. Three
 * seeds, because one seed is one draw: single runs move by ~3 +type points on BioRED Dev.
 * Each seed is a 3-model logit average, the largest size whose 18 models fit the budget (10
 * epochs, the trainer's LR 3e-3 and its selection on a 3-epoch window with patience 5:
 * re-models' Train-fold hyperparameter search and round 2.7's selection study). With the linear
 * typer fused, on seeds no one had looked at, 3-model ensembles beat single models on Dev
 * +type by +1.2 [0.5, 2.0] (baseline) and +0.6 [-0.3, 1.5] (HNM) (re-models
 * experiments/summaries/ensemble3-fresh-round26.md).
 */
export const COMPARE_DEFAULTS = {
  epochs: 10,
  seeds: 3,
  ensemble: 3,
  size: "small",
  bootstrap: 1000,
} as const;

interface CompareOptions extends HnmPreset {
  data?: string;
  trainSplits: SplitName[];
  seeds: number;
  seed: number;
  ensemble: number;
  epochs: number;
  size: ModelSize;
  evalSplit: "dev" | "test";
  out: string;
  bootstrap: number;
  pretrainEmbeddings?: boolean;
  entityMask?: number;
  selectionWindow?: SelectionWindow;
  unlabeled?: string[];
  encoder: EncoderChoice;
  typerWeight: number;
  typerTypesOnly?: boolean;
}

const MODELS = ["baseline", "hnm"] as const;

/** `biore compare`: baseline vs HNM with identical settings and seeds, table + report/. */
export function registerCompare(program: Command, output: Output): void {
  const command = program
    .command("compare")
    .description(
      "train baseline and HNM with identical settings and seeds, evaluate both, print the table and write report/",
    )
    .option("--data <dir>", "corpus folder with Train and Dev (and Test) files (default: BioRED)")
    .option(
      "--seeds <n>",
      "number of seeds (models per kind)",
      integerOption(1),
      COMPARE_DEFAULTS.seeds,
    )
    .option(
      "--seed <n>",
      "first seed; seed i is seed + i (seed + i * n with --ensemble n)",
      integerOption(0),
      1,
    )
    .option(
      "--ensemble <n>",
      "models per kind and seed, their logits averaged (seeds seed..seed+n-1; the None bias and novelty threshold tuned on the held-out slice with the averaged scores); each of --seeds is then one ensemble",
      integerOption(1),
      COMPARE_DEFAULTS.ensemble,
    )
    .option("--epochs <n>", "maximum epochs per model", integerOption(1), COMPARE_DEFAULTS.epochs)
    .addOption(
      new Option("--size <size>", "model size")
        .choices(["small", "base"])
        .default(COMPARE_DEFAULTS.size),
    )
    .addOption(
      new Option("--eval-split <split>", "split to evaluate on (never used for model selection)")
        .choices(["dev", "test"])
        .default("dev"),
    )
    .option("--out <dir>", "report folder", "report")
    .option(
      "--train-splits <list>",
      "splits to train on, e.g. train,dev (never the --eval-split; a held-out slice still does model selection)",
      parseTrainSplits,
      ["train"] as SplitName[],
    )
    .option(
      "--bootstrap <n>",
      "bootstrap resamples for CIs and the paired test",
      integerOption(1),
      COMPARE_DEFAULTS.bootstrap,
    )
    .option(
      "--pretrain-embeddings",
      "start every model's token embeddings from word2vec vectors trained on the Train text and any --unlabeled files (the same vectors for baseline and HNM of a seed)",
    )
    .option(
      "--unlabeled <files...>",
      "BioC or PubTator files of extra unlabeled text for --pretrain-embeddings (implies it)",
    );
  command.addOption(encoderCliOption());
  command.addOption(entityMaskCliOption());
  command.addOption(selectionWindowCliOption());
  for (const option of typerCliOptions()) command.addOption(option);
  for (const option of hnmCliOptions()) command.addOption(option);
  command.action(async (opts: CompareOptions) => {
    checkTyperFlags(opts);
    const started = performance.now();
    const backend = await activateBackend(program, output);
    const located = await locateData(opts.data, output);
    if (opts.trainSplits.includes(opts.evalSplit)) {
      throw new UserError(
        `--eval-split ${opts.evalSplit} is also in --train-splits ${opts.trainSplits.join(",")}`,
        "evaluate on a split the models never trained on (e.g. --train-splits train,dev --eval-split test)",
      );
    }
    const evalFile = resolveSplit(located.path, opts.evalSplit);
    const { documents: trainDocs, files: trainFiles } = await readTrainingSplits(
      located.path,
      opts.trainSplits,
      output,
    );
    const evalDocs = await readDocuments(evalFile.path, output);
    output.err(
      `compare: ${trainDocs.length} training documents (${trainFiles.join(" + ")}), evaluating on ${opts.evalSplit} (${evalDocs.length} documents, ${evalFile.path})`,
    );
    const pretrain = await pretrainingInput(opts, output, [
      keptOut(evalDocs, `the ${opts.evalSplit} split (evaluated on)`),
      keptOut(trainDocs, "the training splits (their text is already in)"),
    ]);
    // with --ensemble n, seed s stands for members s..s+n-1: the next seed starts after them
    const seeds = Array.from({ length: opts.seeds }, (_, i) => opts.seed + i * opts.ensemble);
    const runs: RunReport[] = [];
    const recipe = {
      size: opts.size,
      encoder: opts.encoder,
      ...(pretrain ? { pretrain, log: (line: string) => output.err(line) } : {}),
    };
    const progress = new Map<string, TrainingProgress>();
    const interrupt = catchInterrupt(output, "stopping the comparison");
    let result: Awaited<ReturnType<typeof runExperiment>>;
    try {
      result = await runExperiment({
        train: trainDocs,
        evaluate: evalDocs,
        seeds,
        ensemble: opts.ensemble,
        systems: MODELS.map((kind) => ({
          name: kind,
          createModel: async (data, seed) => (await createRunModel(recipe, data, seed)).model,
          trainOptions: () => ({
            objective: kind,
            epochs: opts.epochs,
            ...entityMaskOf(opts.entityMask),
            ...selectionWindowOf(opts.selectionWindow),
            ...(kind === "hnm" ? { hnm: hnmOptionsOf(opts) } : {}),
            ...typerOf(opts, (line) => output.err(`${kind}: ${line}`)),
          }),
        })),
        bootstrap: { iterations: opts.bootstrap, seed: opts.seed },
        source: evalFile.path,
        signal: interrupt.signal,
        callbacks: (kind, seed) => {
          for (const bar of progress.values()) bar.stop(); // one model trains at a time
          const bar = new TrainingProgress(
            output,
            defaultBarTarget(),
            `${kind} seed ${seed}`,
            opts.epochs,
          );
          progress.set(`${kind} ${seed}`, bar);
          return progressCallbacks(bar);
        },
        onRun: (run, model) => {
          for (const { seed } of run.members ?? [run])
            progress.get(`${run.system} ${seed}`)?.stop();
          const reported = reportEvaluation(model, evalDocs, run.evaluation, {
            seed: run.seed,
            bootstrapIterations: opts.bootstrap,
          });
          runs.push({
            model: run.system as (typeof MODELS)[number],
            seed: run.seed,
            trainSeconds: run.training.seconds,
            history: run.training.result.history.map(toEpochRecord),
            evaluation: reported.evaluation,
            projection: projectEmbeddings(reported.embeddings),
          });
          const s = reported.evaluation.scores;
          const who = run.members
            ? `${run.system} ensemble of ${run.members.length} (seeds ${run.seed}-${run.seed + run.members.length - 1})`
            : `${run.system} seed ${run.seed}`;
          output.err(
            `${who}${typerNote(run.members?.[0]?.training ?? run.training)}: ${opts.evalSplit} pair F1 ${s.pair.estimate.toFixed(3)}, +type ${s.type.estimate.toFixed(3)}, +novelty ${s.novelty.estimate.toFixed(3)}, all ${s.all.estimate.toFixed(3)} (trained in ${run.training.seconds.toFixed(0)} s)`,
          );
        },
      });
    } finally {
      for (const bar of progress.values()) bar.stop();
      interrupt.dispose();
    }
    if (result.interrupted || interrupt.interrupted) throw new Interrupted("compare interrupted");
    const [hnmVsBaseline] = result.comparisons;
    const comparison = comparisonOf(
      result.summaries.baseline!,
      result.summaries.hnm!,
      hnmVsBaseline!.levels,
    );
    const report: CompareReport = {
      createdAt: new Date().toISOString(),
      settings: {
        epochs: opts.epochs,
        seeds,
        ...(opts.ensemble > 1 ? { ensemble: opts.ensemble } : {}),
        size: opts.size,
        backend: backend.choice,
        bootstrapSamples: opts.bootstrap,
        pretrainedEmbeddings: pretrain !== undefined,
        encoder: encoderLabel(opts.encoder),
        ...entityMaskOf(opts.entityMask),
        ...selectionWindowOf(opts.selectionWindow),
        ...(opts.typerWeight > 0 ? { typerWeight: opts.typerWeight } : {}),
        // checkTyperFlags refused --typer-types-only without a typer
        ...(opts.typerTypesOnly ? { typerTypesOnly: true } : {}),
      },
      data: { train: trainFiles.join(","), eval: evalFile.path, evalSplit: opts.evalSplit },
      totalSeconds: (performance.now() - started) / 1000,
      runs,
      comparison,
    };
    writeReport(opts.out, report);
    const table = comparisonRows(comparison);
    output.out(
      `baseline vs HNM on BioRED ${opts.evalSplit} (${evalDocs.length} documents; ${seeds.length} seed${seeds.length > 1 ? "s" : ""}${opts.ensemble > 1 ? `, each an ensemble of ${opts.ensemble} models` : ""}, ${opts.epochs} epochs, size ${opts.size})`,
    );
    for (const line of textTable(table.header, table.rows)) output.out(line);
    output.out(
      `report: ${join(opts.out, "index.html")} (+ results.md, results.json); ${report.totalSeconds.toFixed(0)} s in all`,
    );
  });
}

/** " with typer (L2, held-out pair+type F1 a -> b, seconds)" for a run whose typer step ran, else nothing. */
function typerNote(training: { typer?: TyperRunRecord }): string {
  const t = training.typer;
  if (!t) return "";
  return ` with typer (L2 ${t.typer.l2}, held-out pair+type F1 ${t.heldOutF1.network.toFixed(3)} -> ${t.heldOutF1.fused.toFixed(3)}, fitted in ${t.seconds.toFixed(0)} s)`;
}
