// Auxiliary corpora for multi-task runs of biored.ts (AUXILIARY=cdr,bc6pm): CDR's chemical-induced
// disease relations (training + development sets) and BC6PM's mutation-affected protein
// interactions (training set), encoded with the BioRED tokenizer and entity types.
//
// Leakage: every BioRED Dev document and every BioRED Train document (held-out slice included)
// is left out of the auxiliary data — 16 Dev and 85 Train abstracts are also in CDR.
//
// AUX_TARGET=head (default): a binary head per corpus on the shared pair embedding (CDR's "no
// CID" pairs include treatments, BioRED's Negative_Correlation, so they are not BioRED's None).
// AUX_TARGET=map: the mapped ablation, CID -> Positive_Correlation and BC6PM's PPIm/PPI -> Bind,
// positives only, through the BioRED relation logits.
import type { BioCDocument } from "@biore/bioc-io";
import { readCollection } from "@biore/bioc-io";
import {
  BC6PM_SCHEMA,
  CDR_SCHEMA,
  type RelationDataset,
  type RelationSchema,
  TYPE_MAPPING_PRESETS,
  type TypeMapping,
} from "@biore/relation-dataset";
import { dataFile, haveData } from "@biore/test-data";
import {
  type AuxiliaryCorpus,
  type AuxiliaryCorpusOptions,
  encodeAuxiliary,
} from "../src/experiment/index.js";
import type { AuxiliaryTask } from "../src/index.js";

/** How one auxiliary corpus is read and, for the mapped ablation, mapped. */
export interface CorpusSpec {
  files: string[];
  schema: RelationSchema;
  typeMap: TypeMapping;
  map: Record<string, string>;
}

export const AUXILIARY_CORPORA: Record<string, CorpusSpec> = {
  cdr: {
    files: [
      dataFile("cdr", "CDR_TrainingSet.BioC.xml"),
      dataFile("cdr", "CDR_DevelopmentSet.BioC.xml"),
    ],
    schema: CDR_SCHEMA,
    typeMap: TYPE_MAPPING_PRESETS.cdr,
    map: { CID: "Positive_Correlation" },
  },
  bc6pm: {
    files: [dataFile("bc6pm", "PMtask_Relations_TrainingSet.json")],
    schema: BC6PM_SCHEMA,
    typeMap: TYPE_MAPPING_PRESETS.bc6pm,
    map: { PPIm: "Bind", PPI: "Bind" },
  },
  // its test set: more gene-annotated abstracts (a transfer set for distillation; its labels unread)
  "bc6pm-test": {
    files: [dataFile("bc6pm", "PMtask_Relations_TestSet.json")],
    schema: BC6PM_SCHEMA,
    typeMap: TYPE_MAPPING_PRESETS.bc6pm,
    map: { PPIm: "Bind", PPI: "Bind" },
  },
};

/** Settings of the auxiliary corpora (env AUXILIARY, AUX_TARGET, AUX_WEIGHT, AUX_BATCH). */
export interface AuxiliarySettings {
  corpora: string[];
  target: "head" | "map";
  weight: number;
  batchSize: number | undefined;
}

/** The corpora named in env[variable] (comma-separated), or none; exits on an unknown name. */
export function corpusNames(env: NodeJS.ProcessEnv, variable: string): string[] {
  const names = (env[variable] ?? "").split(",").filter((c) => c !== "");
  for (const name of names)
    if (!AUXILIARY_CORPORA[name]) {
      process.stderr.write(
        `${variable}: unknown corpus "${name}" (known: ${Object.keys(AUXILIARY_CORPORA).join(", ")})\n`,
      );
      process.exit(1);
    }
  return names;
}

export function auxiliarySettings(env: NodeJS.ProcessEnv): AuxiliarySettings {
  const corpora = corpusNames(env, "AUXILIARY");
  return {
    corpora,
    target: env.AUX_TARGET === "map" ? "map" : "head",
    weight: env.AUX_WEIGHT !== undefined ? Number(env.AUX_WEIGHT) : 0.5,
    batchSize: env.AUX_BATCH !== undefined ? Number(env.AUX_BATCH) : undefined,
  };
}

/** A corpus's documents, all its files in order; exits with a message when a file is missing. */
export async function readCorpus(spec: CorpusSpec): Promise<BioCDocument[]> {
  if (!haveData(...spec.files)) process.exit(1);
  const documents: BioCDocument[] = [];
  for (const file of spec.files) documents.push(...(await readCollection(file)).documents);
  return documents;
}

/** What a run's JSON records per auxiliary corpus. */
export interface AuxiliaryRecord {
  name: string;
  documents: number;
  excluded: number;
  pairsByLabel: Record<string, number>;
  candidateRecall: number;
}

/**
 * Reads one named corpus and encodes it like `fit`, leaving out `exclude`; `more` adds task
 * options that depend on the corpus (target, weight, batch size).
 */
export async function encodeNamedCorpus(
  name: string,
  fit: RelationDataset,
  exclude: ReadonlySet<string>,
  maxTokens: number,
  more: (spec: CorpusSpec) => Partial<AuxiliaryCorpusOptions> = () => ({}),
): Promise<AuxiliaryCorpus> {
  const spec = AUXILIARY_CORPORA[name] as CorpusSpec;
  return encodeAuxiliary(fit, await readCorpus(spec), {
    name,
    schema: spec.schema,
    typeMap: spec.typeMap,
    exclude,
    maxTokens,
    ...more(spec),
  });
}

/**
 * The auxiliary tasks of a run, encoded like `fit`; `exclude` = every BioRED Train and Dev id.
 * Exits with a message when a corpus file is missing.
 */
export async function loadAuxiliaryTasks(
  settings: AuxiliarySettings,
  fit: RelationDataset,
  exclude: ReadonlySet<string>,
  maxTokens: number,
): Promise<{ tasks: AuxiliaryTask[]; records: AuxiliaryRecord[] }> {
  const tasks: AuxiliaryTask[] = [];
  const records: AuxiliaryRecord[] = [];
  for (const name of settings.corpora) {
    const corpus = await encodeNamedCorpus(name, fit, exclude, maxTokens, (spec) => ({
      target: settings.target === "map" ? { map: spec.map } : "head",
      weight: settings.weight,
      ...(settings.batchSize !== undefined ? { batchSize: settings.batchSize } : {}),
    }));
    tasks.push(corpus.task);
    records.push({
      name,
      documents: corpus.task.documents.length,
      excluded: corpus.excluded.length,
      pairsByLabel: corpus.report.pairsByLabel,
      candidateRecall: corpus.report.candidateRecall,
    });
  }
  return { tasks, records };
}
