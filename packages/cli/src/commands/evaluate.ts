import { type Command, Option } from "commander";
import { type SplitName, resolveSplit } from "../data/splits.js";
import type { Output } from "../output.js";
import { readDocuments } from "../pipeline/corpus.js";
import { evaluateModel } from "../pipeline/evaluate-model.js";
import { describeTraining, loadModelDir } from "../pipeline/model-dir.js";
import { describeUnknownTypes, knowsNoPair, knowsNoPairMessage } from "../predict/unknown-types.js";
import { evaluationText } from "../reports/evaluation-text.js";
import type { ModelEvaluation } from "../reports/types.js";
import { UserError } from "../user-error.js";
import { activateBackend, integerOption, locateData } from "./common.js";

/**
 * Pairs of entity types the model does not know are never scored, so their gold relations
 * count as missed: say so (a warning), or refuse when no pair could be scored at all.
 */
function checkEntityTypes(
  evaluation: ModelEvaluation,
  source: string,
  modelTypes: readonly string[],
  warn: (line: string) => void,
): void {
  const unknown = evaluation.unknownEntityTypes;
  if (!unknown || Object.keys(unknown.types).length === 0) return;
  const hint = `the model knows ${modelTypes.join(", ")}: evaluate on data annotated with those types, or rename the data's types first`;
  if (knowsNoPair(unknown))
    throw new UserError(knowsNoPairMessage(source, unknown, "there is nothing to score"), hint, {
      code: "ALL_ENTITY_TYPES_UNKNOWN",
      where: source,
    });
  warn(
    `warning: ${source}: the model does not know the entity types ${describeUnknownTypes(unknown)}; ${unknown.droppedPairs.toLocaleString("en-US")} of ${unknown.candidatePairs.toLocaleString("en-US")} candidate pairs were not scored, and gold relations among them count as missed`,
  );
  warn(`hint: ${hint}`);
}

interface EvaluateOptions {
  model: string;
  data?: string;
  split: SplitName;
  json?: boolean;
  bootstrap: number;
  seed: number;
}

/** `biore evaluate`: BioRED-track scores with CIs, per-type report, confusion matrix, embedding quality. */
export function registerEvaluate(program: Command, output: Output): void {
  program
    .command("evaluate")
    .description(
      "score a trained model on gold data: BioRED micro-F1 with bootstrap CIs, per-type report, confusion matrix, embedding quality",
    )
    .requiredOption("--model <dir>", "model folder written by `biore train`")
    .option(
      "--data <file|dir>",
      "gold corpus file, or a folder (then --split picks the file; default: BioRED)",
    )
    .addOption(
      new Option("--split <split>", "split to use when --data is a folder")
        .choices(["dev", "test", "train"])
        .default("dev"),
    )
    .option("--json", "print one JSON object instead of tables")
    .option("--bootstrap <n>", "bootstrap resamples for the CIs", integerOption(1), 1000)
    .option("--seed <n>", "seed of bootstrap and k-means", integerOption(0), 1)
    .action(async (opts: EvaluateOptions) => {
      await activateBackend(program, output);
      const loaded = loadModelDir(opts.model, (m) => output.err(`warning: ${m}`));
      try {
        const located = await locateData(opts.data, output);
        const file = resolveSplit(located.path, opts.split);
        const documents = await readDocuments(file.path, output);
        const result = evaluateModel(loaded.model, documents, {
          seed: opts.seed,
          bootstrapIterations: opts.bootstrap,
          source: file.path,
        });
        const modelTypes = loaded.model.preprocessing.entityTypes?.names.filter((t) => t !== "");
        checkEntityTypes(result.evaluation, file.path, modelTypes ?? [], (line) =>
          output.err(line),
        );
        if (opts.json) {
          output.out(JSON.stringify({ model: opts.model, data: file.path, ...result.evaluation }));
        } else {
          const trained = loaded.sidecar
            ? describeTraining(loaded.sidecar)
            : "saved by re-models' saveModel";
          output.out(`model ${opts.model} (${trained}) on ${file.path}`);
          for (const line of evaluationText(result.evaluation)) output.out(line);
        }
      } finally {
        loaded.model.dispose();
      }
    });
}
