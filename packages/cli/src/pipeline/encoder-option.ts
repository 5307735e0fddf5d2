import { resolve } from "node:path";
import { type ModelSize, type RelationModel, createModelForDataset } from "@biore/re-models";
import { createBertModel } from "@biore/re-models/bert";
import { InvalidArgumentError, Option } from "commander";
import type { TrainingData } from "@biore/re-models/experiment";

/** The token encoder a trained model uses: the built-in conv one, or a local Hugging Face checkpoint. */
export type EncoderChoice = { kind: "conv" } | { kind: "hf"; folder: string };

/** Parses `conv` or `hf:<folder>`. */
export function parseEncoder(value: string): EncoderChoice {
  if (value === "conv") return { kind: "conv" };
  if (value.startsWith("hf:") && value.length > 3)
    return { kind: "hf", folder: resolve(value.slice(3)) };
  throw new InvalidArgumentError(
    'expected "conv" or "hf:<folder>" (a local Hugging Face BERT-family checkpoint: config.json, model.safetensors, vocab.txt)',
  );
}

/** How a choice is written in reports and the model folder's notes. */
export function encoderLabel(choice: EncoderChoice): string {
  return choice.kind === "conv" ? "conv" : `hf:${choice.folder}`;
}

/** The `--encoder` option shared by train and compare. */
export function encoderCliOption(): Option {
  return new Option(
    "--encoder <conv|hf:folder>",
    "token encoder: the built-in conv one (trained from scratch), or hf:<folder> to fine-tune a local BERT-family checkpoint (PubMedBERT, BioBERT; nothing is downloaded)",
  )
    .argParser(parseEncoder)
    .default({ kind: "conv" } satisfies EncoderChoice, "conv");
}

/** A fresh model for the training data with the chosen encoder. */
export function createModelWithEncoder(
  choice: EncoderChoice,
  data: TrainingData,
  options: { size: ModelSize; seed: number },
): RelationModel {
  if (choice.kind === "conv") return createModelForDataset(data.fit, options);
  const { labelSpace, entityTypes, schema, allowedTypePairs } = data.fit;
  return createBertModel({
    checkpoint: choice.folder,
    labelSpace,
    entityTypes,
    schema,
    allowedTypePairs,
    size: options.size,
    seed: options.seed,
  });
}
