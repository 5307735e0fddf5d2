// Transfer sets for distillation (issue 19, summaries/transfer-distillation-round31.md): the
// entity-annotated abstracts of other corpora (CDR, BC6PM), encoded with the BioRED run's
// tokenizer and entity types, their own labels never read. The teacher scores them
// (distill-teacher.ts, TRANSFER=...) and the students learn its logits on them as an auxiliary
// task (selection-epochs.ts, DISTILL=... TRANSFER=...).
//
// Leakage: every BioRED Train and Dev document is left out (16 Dev and 85 Train abstracts are
// also in CDR). BioRED's Test split is not here; a user who scores on it must leave its
// documents out too.
import type { EncodedDocument, RelationDataset } from "@biore/relation-dataset";
import type { AuxiliaryTask, TeacherLogits } from "../../src/index.js";
import { corpusNames, encodeNamedCorpus } from "../auxiliary-corpora.js";

/** One transfer corpus, encoded like the run's fit documents. */
export interface TransferCorpus {
  name: string;
  documents: EncodedDocument[];
  /** BioRED documents left out. */
  excluded: number;
}

/** The corpora named in TRANSFER (comma-separated), or none; exits on an unknown name. */
export function transferCorpora(env: NodeJS.ProcessEnv): string[] {
  return corpusNames(env, "TRANSFER");
}

/** Reads and encodes the transfer corpora, leaving out `exclude` (every BioRED Train and Dev id). */
export async function encodeTransferCorpora(
  names: readonly string[],
  fit: RelationDataset,
  exclude: ReadonlySet<string>,
  maxTokens: number,
): Promise<TransferCorpus[]> {
  const out: TransferCorpus[] = [];
  for (const name of names) {
    const corpus = await encodeNamedCorpus(name, fit, exclude, maxTokens);
    out.push({
      name,
      documents: corpus.task.documents.filter((d) => d.pairHead.length > 0),
      excluded: corpus.excluded.length,
    });
  }
  return out;
}

/** Where a teacher file's logits on one transfer corpus are kept. */
export const transferFileOf = (teacherFile: string, corpus: string) =>
  teacherFile.replace(/\.json$/, `.transfer-${corpus}.json`);

/**
 * The students' auxiliary task: one batch stream over all the transfer corpora together (one
 * transfer batch per training step, whatever the number of corpora), learning the teacher's
 * logits on them. Refused when two corpora share a document id (logits are looked up by id).
 */
export function transferTask(
  corpora: readonly { corpus: TransferCorpus; teacher: TeacherLogits }[],
  labels: readonly string[],
  settings: { weight: number; temperature: number; batchSize?: number },
): AuxiliaryTask {
  const documents: EncodedDocument[] = [];
  const teacher = new Map<string, Float32Array>();
  for (const { corpus, teacher: logits } of corpora)
    for (const doc of corpus.documents) {
      const own = logits.get(doc.documentId);
      if (teacher.has(doc.documentId) || !own)
        throw new Error(
          `transfer document ${doc.documentId} (${corpus.name}): ${own ? "in two corpora" : "no teacher logits"}`,
        );
      teacher.set(doc.documentId, own);
      documents.push(doc);
    }
  return {
    name: "transfer",
    documents,
    labels,
    target: { teacher, temperature: settings.temperature },
    weight: settings.weight,
    ...(settings.batchSize !== undefined ? { batchSize: settings.batchSize } : {}),
  };
}
