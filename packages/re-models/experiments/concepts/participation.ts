// A linear concept-participation model (issue 19, round 2.9; summaries/concept-fusion-round29.md):
// does this concept take part in any relation of its document? Round 2.9's error count on Train
// folds found 41 % of the pair false positives joining a concept with no gold relation in its
// document. Features are the concept's salience (mentions, title, first sentence, rank among the
// document's concepts, partners of other types sharing a sentence) and the words around its
// mentions; a binary softmax regression (the library's) fitted on the fit documents' concepts,
// L2 by held-out log-loss on the selection slice (the typer's rule).
import type { BioCDocument } from "@biore/bioc-io";
import { type EntityConcept, NONE_LABEL, type RelationDataset } from "@biore/relation-dataset";
import { documentWords } from "../../src/typer/index.js";
import { logProbabilities } from "../../src/typer/softmax-regression.js";
import { type DetectorExamples, fitDetector } from "../typer/detector.js";

type Data = Pick<RelationDataset, "pairs" | "concepts" | "documents">;

/** Words read on each side of every mention. */
const WINDOW = 2;

const bucket = (n: number, edges: readonly number[]) => {
  let i = 0;
  while (i < edges.length && n >= (edges[i] as number)) i++;
  return i === 0 ? `<${edges[0]}` : `${edges[i - 1]}+`;
};

/** Binary features of every concept of one document, by concept key. */
function documentConceptFeatures(
  document: BioCDocument,
  concepts: readonly EntityConcept[],
): Map<string, string[]> {
  const words = documentWords(document, concepts);
  const { layout, tokens } = words;
  const mentionCount = (c: EntityConcept) => c.mentions.length;
  const sentencesOf = new Map<string, Set<number>>();
  for (const c of concepts) {
    const sentences = new Set<number>();
    for (const m of c.mentions) {
      const span = words.mentionWords.get(`${m.start}:${m.end}`);
      if (span) sentences.add((layout.words[span[0]] as (typeof layout.words)[number]).sentence);
    }
    sentencesOf.set(c.key, sentences);
  }
  const out = new Map<string, string[]>();
  for (const c of concepts) {
    const t = c.type;
    const sentences = sentencesOf.get(c.key) as Set<number>;
    const rank = 1 + concepts.filter((o) => mentionCount(o) > mentionCount(c)).length;
    const typeRank =
      1 + concepts.filter((o) => o.type === t && mentionCount(o) > mentionCount(c)).length;
    const partners = concepts.filter(
      (o) =>
        o.type !== t && [...(sentencesOf.get(o.key) as Set<number>)].some((s) => sentences.has(s)),
    ).length;
    const first = sentences.size > 0 ? Math.min(...sentences) : -1;
    const inTitle = c.mentions.some((m) => m.passageIndex === 0);
    const f = new Set<string>([
      "bias",
      `type:${t}`,
      `mentions:${t}:${bucket(mentionCount(c), [1, 2, 3, 4, 6])}`,
      `title:${t}:${inTitle}`,
      `first:${t}:${bucket(first, [0, 1, 2, 3, 5])}`,
      `sentences:${bucket(sentences.size, [1, 2, 3, 5])}`,
      `rank:${t}:${bucket(rank, [1, 2, 3, 4])}`,
      `typeRank:${t}:${bucket(typeRank, [1, 2, 3])}`,
      `partners:${t}:${bucket(partners, [0, 1, 2, 3, 5])}`,
      `alone:${t}:${concepts.filter((o) => o.type === t).length === 1}`,
    ]);
    for (const m of c.mentions) {
      const span = words.mentionWords.get(`${m.start}:${m.end}`);
      if (!span) continue;
      f.add(`text:${t}:${m.text.toLowerCase()}`);
      for (let k = 1; k <= WINDOW; k++) {
        const before = tokens[span[0] - k];
        const after = tokens[span[1] - 1 + k];
        if (before !== undefined) f.add(`left:${before}`);
        if (after !== undefined) f.add(`right:${after}`);
      }
    }
    out.set(c.key, [...f]);
  }
  return out;
}

/** Per document: each concept's features and whether it is in a gold relation of the document. */
export interface ConceptExamples {
  features: Map<string, string[]>[];
  participates: Set<string>[];
}

/** Concept examples of every document (concepts of no candidate pair are left out). */
export function conceptExamples(data: Data, documents: readonly BioCDocument[]): ConceptExamples {
  const byId = new Map(documents.map((d) => [d.id, d]));
  const features: Map<string, string[]>[] = [];
  const participates: Set<string>[] = [];
  data.pairs.forEach((pairs, d) => {
    const id = data.documents[d]?.documentId ?? "";
    const document = byId.get(id);
    if (!document) throw new Error(`no BioC document ${id}`);
    const inPairs = new Set(pairs.flatMap((p) => [p.head.key, p.tail.key]));
    const all = documentConceptFeatures(document, data.concepts[d] ?? []);
    features.push(new Map([...all].filter(([key]) => inPairs.has(key))));
    participates.push(
      new Set(pairs.filter((p) => p.label !== NONE_LABEL).flatMap((p) => [p.head.key, p.tail.key])),
    );
  });
  return { features, participates };
}

/** A fitted participation model: the detector's binary regression over concept features. */
export type ParticipationModel = ReturnType<typeof fitDetector>;

/** The concepts as the detector reads examples: features, label 1 = takes part, in order. */
function asDetectorExamples(examples: ConceptExamples): DetectorExamples {
  const features: string[][] = [];
  const labels: number[] = [];
  examples.features.forEach((byKey, d) => {
    for (const [key, f] of byKey) {
      features.push(f);
      labels.push(examples.participates[d]?.has(key) ? 1 : 0);
    }
  });
  return { features, labelIds: Int32Array.from(labels) };
}

/**
 * Fits on `fit` for each L2 of the typer's grid and keeps the lowest log-loss on `heldOut`:
 * the detector study's fit (`fitDetector`), over concepts instead of pairs.
 */
export function fitParticipation(
  fit: ConceptExamples,
  heldOut: ConceptExamples,
): ParticipationModel {
  return fitDetector(asDetectorExamples(fit), asDetectorExamples(heldOut), () => {});
}

/** [P] log p(head participates) + log p(tail participates) of every pair of `data`. */
export function pairParticipation(
  participation: ParticipationModel,
  data: Data,
  examples: ConceptExamples,
): Float64Array {
  const out: number[] = [];
  data.pairs.forEach((pairs, d) => {
    const byKey = examples.features[d] as Map<string, string[]>;
    const logp = new Map(
      [...byKey].map(([key, f]) => [
        key,
        logProbabilities(participation.model, participation.index.encode(f), null)[1] as number,
      ]),
    );
    for (const p of pairs) out.push((logp.get(p.head.key) ?? 0) + (logp.get(p.tail.key) ?? 0));
  });
  return Float64Array.from(out);
}
