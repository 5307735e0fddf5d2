import { type Command, Option } from "commander";
import type { BioCFormat } from "@biore/bioc-io";
import {
  type TypeMapping,
  type UnknownEntityTypes,
  parseTypeMapping,
  schemaByName,
} from "@biore/relation-dataset";
import type { Output } from "../output.js";
import { loadModelDir } from "../pipeline/model-dir.js";
import { PredictError, type PredictErrorCode } from "../predict/errors.js";
import { modelFolderDigest } from "../predict/model-digest.js";
import { type PredictSummary, predictFiles } from "../predict/run-predict.js";
import { shardWarningLines } from "../predict/shard-warnings.js";
import { describeUnknownTypes } from "../predict/unknown-types.js";
import { defaultBarTarget, startBar, type Bar } from "../progress/bars.js";
import { UserError } from "../user-error.js";
import { activateBackend, integerOption } from "./common.js";

interface PredictOptions {
  model: string;
  out: string;
  to?: BioCFormat;
  batch: number;
  skipExisting?: boolean;
  schema?: string;
  mapTypes?: TypeMapping;
}

/** `--map-types`: `From=To,...` or a corpus preset. */
export function typeMappingOption(value: string): TypeMapping {
  return parseTypeMapping(value);
}

/** The shared `--schema` / `--map-types` options of predict and queue enqueue. */
export function addInputConventionOptions(command: Command): Command {
  return command
    .addOption(
      new Option(
        "--schema <name>",
        "the input's conventions (where identifiers and types are); default: detected from its first documents",
      ).choices(["biored", "cdr", "bc6pm", "nodes"]),
    )
    .option(
      "--map-types <mapping>",
      "rename the input's entity types to the model's: From=To,... or a preset (cdr, bc6pm, pubtator3)",
      typeMappingOption,
    );
}

/** Lines saying which entity types the model did not know and the pairs that cost. */
export function unknownTypeLines(unknown: UnknownEntityTypes): string[] {
  if (Object.keys(unknown.types).length === 0) return [];
  return [
    `warning: the model does not know the entity types ${describeUnknownTypes(unknown)}; ${unknown.droppedPairs.toLocaleString("en-US")} of ${unknown.candidatePairs.toLocaleString("en-US")} candidate pairs were dropped`,
    "hint: map them to the model's types with --map-types From=To,... (or a preset: cdr, bc6pm, pubtator3)",
  ];
}

function summaryLine(s: PredictSummary, out: string): string {
  const rate = s.seconds > 0 ? (s.documents / s.seconds).toFixed(1) : "0";
  const skipped = s.skipped > 0 ? `, ${s.skipped} already done (skipped)` : "";
  return `predicted ${s.relations} relations in ${s.documents} documents of ${s.shards} file(s)${skipped} -> ${out} (${s.seconds.toFixed(1)} s, ${rate} documents/s)`;
}

/** `biore predict`: streams each input file through the model into its own output file. */
export function registerPredict(program: Command, output: Output): void {
  const command = program
    .command("predict")
    .description(
      "predict relations for BioC JSON/XML or PubTator files (plain or .gz), streaming, one output per input",
    )
    .requiredOption("--model <dir>", "model folder written by `biore train`")
    .argument("<inputs...>", "input files, folders (searched recursively) or glob patterns")
    .requiredOption(
      "--out <path>",
      "output folder (one file per input, same name, created if need be), or a file name for one input",
    )
    .addOption(
      new Option("--to <format>", "output format (default: the input's)").choices([
        "json",
        "xml",
        "pubtator",
      ]),
    )
    .option("--skip-existing", "resume: skip inputs whose output this model already wrote")
    .option(
      "--batch <n>",
      "documents predicted at a time (memory stays bounded by this)",
      integerOption(1),
      32,
    );
  addInputConventionOptions(command).action((inputs: string[], opts: PredictOptions) =>
    withPredictHints(() => predictAction(program, output, inputs, opts)),
  );
}

async function predictAction(
  program: Command,
  output: Output,
  inputs: string[],
  opts: PredictOptions,
): Promise<void> {
  await activateBackend(program, output);
  const digest = modelFolderDigest(opts.model);
  const { model } = loadModelDir(opts.model, (m) => output.err(`warning: ${m}`));
  const target = defaultBarTarget();
  let bar: Bar | undefined;
  const started = performance.now();
  // under a progress bar, printed once it is gone so that no line is drawn over
  const warningLines: string[] = [];
  try {
    const summary = await predictFiles({
      model,
      modelDigest: digest,
      inputs,
      out: opts.out,
      ...(opts.to ? { to: opts.to } : {}),
      skipExisting: opts.skipExisting ?? false,
      batch: opts.batch,
      ...(opts.schema ? { schema: schemaByName(opts.schema) } : {}),
      ...(opts.mapTypes ? { typeMap: opts.mapTypes } : {}),
      onPlan: (plan) => {
        const todo = plan.shards.filter((s) => !s.skip).length;
        output.err(
          `predict: ${todo} of ${plan.shards.length} file(s) to do, ${(plan.totalBytes / 1e6).toFixed(1)} MB`,
        );
        bar = startBar(
          target,
          "predict |{bar}| {percentage}% | {documents} docs | {rate} docs/s | ETA {eta_formatted}",
          Math.max(1, plan.totalBytes),
          { documents: 0, rate: "0" },
        );
      },
      onProgress: (p) => {
        const seconds = (performance.now() - started) / 1000;
        const rate = seconds > 0 ? (p.documents / seconds).toFixed(1) : "0";
        bar?.update(p.bytesDone, { documents: p.documents, rate });
      },
      onShard: (r) => {
        const warnings = shardWarningLines(r.shard, r.warnings);
        if (target.enabled) {
          warningLines.push(...warnings);
          return;
        }
        output.err(
          `${r.shard} -> ${r.output}: ${r.documents} documents, ${r.relations} relations, ${r.seconds.toFixed(1)} s`,
        );
        for (const line of warnings) output.err(line);
      },
    });
    bar?.stop();
    for (const line of warningLines.splice(0)) output.err(line);
    for (const line of unknownTypeLines(summary.unknownEntityTypes)) output.err(line);
    output.out(summaryLine(summary, opts.out));
  } finally {
    bar?.stop();
    // on an error, what the shards done before it tolerated
    for (const line of warningLines) output.err(line);
    model.dispose();
  }
}

const PREDICT_HINTS: Record<PredictErrorCode, string> = {
  INPUT_MISSING: "give BioC JSON/XML or PubTator files, folders or glob patterns as inputs",
  NO_INPUT_FILES: "inputs are .json, .xml, .pubtator or .txt files, optionally .gz",
  OUTPUT_NAME_CLASH: "inputs with the same name need different --out folders",
  OUTPUT_IS_AN_INPUT: "write the outputs into another folder; inputs are never overwritten",
  OUTPUT_NOT_A_FOLDER: "give a folder as --out when there are several inputs",
  UNKNOWN_OUTPUT_FORMAT: "name the output .json, .xml or .pubtator, or pass --to",
  ALL_ENTITY_TYPES_UNKNOWN:
    "map the input's entity types to the model's with --map-types From=To,... or a preset (cdr, bc6pm, pubtator3)",
  MODEL_MISSING: "pass the --out folder of `biore train` as --model",
};

/** Runs a predict or queue action, giving its PredictErrors the hint that fixes them. */
export async function withPredictHints(action: () => Promise<void>): Promise<void> {
  try {
    await action();
  } catch (error) {
    if (error instanceof PredictError) {
      throw new UserError(error.message, `${PREDICT_HINTS[error.code]} [${error.code}]`);
    }
    throw error;
  }
}
