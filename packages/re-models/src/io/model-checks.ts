import type { ModelConfig } from "../config.js";
import { ModelError } from "../errors.js";
import { paramSpecs } from "../model/params.js";
import type { DecisionRule } from "../model/relation-model.js";
import type { ModelExpectations } from "./model-manifest.js";
import type { TensorSpec } from "./integrity.js";

/**
 * Checks that the weight specs in model.json are exactly what the config implies: every
 * parameter once, with its shape, as float32. A changed dtype or shape is `MODEL_CORRUPT`.
 */
export function checkWeightSpecs(
  specs: readonly TensorSpec[],
  config: ModelConfig,
  where: string,
): void {
  const byName = new Map(specs.map((s) => [s.name, s]));
  for (const expected of paramSpecs(config)) {
    const spec = byName.get(expected.name);
    if (!spec)
      throw new ModelError("MODEL_CORRUPT", `parameter ${expected.name} is missing`, where);
    if (spec.dtype !== "float32")
      throw new ModelError(
        "MODEL_CORRUPT",
        `parameter ${expected.name} is ${spec.dtype}, expected float32`,
        where,
      );
    if (spec.shape.join(",") !== expected.shape.join(","))
      throw new ModelError(
        "MODEL_CORRUPT",
        `parameter ${expected.name} is [${spec.shape}], expected [${expected.shape}]`,
        where,
      );
    byName.delete(expected.name);
  }
  const extra = [...byName.keys()];
  if (extra.length > 0)
    throw new ModelError("MODEL_CORRUPT", `unexpected parameters ${extra.join(", ")}`, where);
}

const finite = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);

/** Validates the saved decision rule: finite bias, threshold in [0, 1], one type offset per label. */
export function checkDecision(
  value: unknown,
  numLabels: number,
  where: string,
  file = "model.json",
): DecisionRule {
  const d = value as Partial<DecisionRule> | null | undefined;
  const bad = (what: string) =>
    new ModelError("MODEL_CORRUPT", `${file} has a bad decision rule: ${what}`, where);
  if (!d || typeof d !== "object") throw bad("missing");
  if (!finite(d.noneBias)) throw bad(`noneBias is ${JSON.stringify(d.noneBias)}`);
  if (!finite(d.noveltyThreshold) || d.noveltyThreshold < 0 || d.noveltyThreshold > 1)
    throw bad(`noveltyThreshold is ${JSON.stringify(d.noveltyThreshold)}, expected [0, 1]`);
  if (d.typeBias !== undefined) {
    if (!Array.isArray(d.typeBias) || d.typeBias.length !== numLabels || !d.typeBias.every(finite))
      throw bad(`typeBias must be ${numLabels} finite numbers`);
  }
  return {
    noneBias: d.noneBias,
    noveltyThreshold: d.noveltyThreshold,
    ...(d.typeBias ? { typeBias: [...d.typeBias] } : {}),
  };
}

/** What a loaded folder actually holds, to compare with the manifest and the config. */
export interface LoadedSizes {
  tensors: readonly TensorSpec[];
  labels: number;
  vocabularySize?: number;
  entityTypes?: number;
}

/**
 * Compares what the files hold with the manifest's expectations and the config: a
 * shortened vocabulary or type list is `MODEL_CORRUPT` even if its file was re-hashed.
 */
export function checkSizes(
  actual: LoadedSizes,
  config: ModelConfig,
  expect: ModelExpectations | undefined,
  where: (file: string) => string,
): void {
  const mismatch = (file: string, what: string, got: unknown, wanted: unknown) =>
    new ModelError("MODEL_CORRUPT", `${file} has ${what} ${got}, expected ${wanted}`, where(file));
  // a tokenizer id past the embedding table would read garbage rows
  if (actual.vocabularySize !== undefined && actual.vocabularySize > config.vocabSize)
    throw mismatch(
      "tokenizer.json",
      "a vocabulary of",
      actual.vocabularySize,
      `at most ${config.vocabSize} (config.vocabSize)`,
    );
  if (actual.entityTypes !== undefined && actual.entityTypes > config.numEntityTypes)
    throw mismatch(
      "entity-types.json",
      "entity types:",
      actual.entityTypes,
      `at most ${config.numEntityTypes} (config.numEntityTypes)`,
    );
  if (!expect) return;
  const promised = (file: string, what: string, got: unknown, wanted: unknown) =>
    new ModelError(
      "MODEL_CORRUPT",
      `${file} has ${what} ${got}, manifest.json expects ${wanted}`,
      where(file),
    );
  if (actual.vocabularySize !== expect.vocabularySize)
    throw promised(
      "tokenizer.json",
      "a vocabulary of",
      actual.vocabularySize,
      expect.vocabularySize,
    );
  if (actual.entityTypes !== expect.entityTypes)
    throw promised("entity-types.json", "entity types:", actual.entityTypes, expect.entityTypes);
  if (actual.labels !== expect.labels)
    throw promised("labels.json", "labels:", actual.labels, expect.labels);
  const key = (specs: readonly TensorSpec[]) =>
    JSON.stringify(specs.map((s) => [s.name, s.shape, s.dtype]));
  if (key(actual.tensors) !== key(expect.tensors))
    throw new ModelError(
      "MODEL_CORRUPT",
      "model.json's weight list differs from the one manifest.json expects (names, shapes or dtypes)",
      where("model.json"),
    );
}
