import type { BioCDocument } from "@biore/bioc-io";
import {
  type BuildDatasetOptions,
  DEFAULT_MAX_TOKENS,
  type DatasetReport,
  type RelationDataset,
  type RelationSchema,
  type TypeMapping,
  buildDataset,
} from "@biore/relation-dataset";
import { ModelError } from "../errors.js";
import type { AuxiliaryTask } from "../training/auxiliary.js";

/** Options of {@link encodeAuxiliary}. */
export interface AuxiliaryCorpusOptions {
  /** The task's name (its head's parameter names, the run key). */
  name: string;
  /** The corpus's conventions (`CDR_SCHEMA`, `BC6PM_SCHEMA`, your own); detected when absent. */
  schema?: RelationSchema;
  /** Renames its entity types to the model's (e.g. `TYPE_MAPPING_PRESETS.cdr`). */
  typeMap?: TypeMapping;
  /**
   * Document ids never to train on: every evaluation document (leakage otherwise) and those
   * already in the main training set (the same abstract twice, labelled two ways).
   */
  exclude?: Iterable<string>;
  /** `AuxiliaryTask.target` (default `"head"`). */
  target?: AuxiliaryTask["target"];
  weight?: number;
  batchSize?: number;
  /** As for the main documents (default `DEFAULT_MAX_TOKENS`). */
  maxTokens?: number;
  onWarning?: BuildDatasetOptions["onWarning"];
}

/** An encoded auxiliary corpus and what was left out of it. */
export interface AuxiliaryCorpus {
  task: AuxiliaryTask;
  /** Ids of the documents `exclude` removed, in input order. */
  excluded: string[];
  /** The encoding's accounting (candidate pairs per label, recall of the gold relations). */
  report: DatasetReport;
}

/**
 * Encodes a second relation corpus for multi-task training beside `fitted` (the main training
 * set): the main tokenizer and entity types (its words outside the vocabulary fall back to
 * word pieces, so pretrained word vectors still fit), its own label space, candidate pairs of
 * the entity-type pairs its gold relations use. Refuses entity types the model does not know
 * after `typeMap` (`INVALID_INPUT`): their pairs would all share the unknown type's row.
 */
export function encodeAuxiliary(
  fitted: Pick<RelationDataset, "tokenizer" | "entityTypes">,
  documents: readonly BioCDocument[],
  options: AuxiliaryCorpusOptions,
): AuxiliaryCorpus {
  const exclude = new Set(options.exclude ?? []);
  const excluded: string[] = [];
  const kept = documents.filter((d) => {
    if (!exclude.has(d.id)) return true;
    excluded.push(d.id);
    return false;
  });
  const encoded = buildDataset(kept, {
    ...(options.schema ? { schema: options.schema } : {}),
    ...(options.typeMap ? { typeMap: options.typeMap } : {}),
    ...(options.onWarning ? { onWarning: options.onWarning } : {}),
    tokenizer: fitted.tokenizer,
    entityTypes: fitted.entityTypes,
    maxTokens: options.maxTokens ?? DEFAULT_MAX_TOKENS,
    pairFilter: "seen-type-pairs",
  });
  const unknown = encoded.report.unknownEntityTypes;
  if (unknown && Object.keys(unknown.types).length > 0) {
    throw new ModelError(
      "INVALID_INPUT",
      `entity types the model does not know: ${Object.keys(unknown.types).join(", ")} (map them to ${fitted.entityTypes.names.slice(1).join(", ")} with typeMap)`,
      `auxiliary corpus "${options.name}"`,
    );
  }
  const task: AuxiliaryTask = {
    name: options.name,
    documents: encoded.documents,
    labels: encoded.labelSpace.labels,
    ...(options.target ? { target: options.target } : {}),
    ...(options.weight !== undefined ? { weight: options.weight } : {}),
    ...(options.batchSize !== undefined ? { batchSize: options.batchSize } : {}),
  };
  return { task, excluded, report: encoded.report };
}
