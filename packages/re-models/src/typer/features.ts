// Sparse string features of one candidate pair for the linear relation typer: what a
// feature-based typer of the BioRED track era read (entity-type pair, sentence distance,
// words between and around the closest mentions, trigger words, title, mention counts).
// Words and sentences come from relation-dataset's layout (its sentence splitter and word
// splitter), trigger classes from the network's own lexicon, so both models read the same text.
import type { BioCDocument } from "@biore/bioc-io";
import {
  type CandidatePair,
  type DocumentLayout,
  type EntityConcept,
  layoutDocument,
  typePairKey,
} from "@biore/relation-dataset";
import { TRIGGER_CLASSES, triggerClassOf } from "../model/trigger-lexicon.js";

/** Words kept between the closest mentions (a longer gap keeps its two ends). */
const MAX_BETWEEN = 20;
/** Words read on each side of the closest mention pair. */
const WINDOW = 3;

/** One document cut into words, each word's mention (entity type) if any. */
export interface DocumentWords {
  layout: DocumentLayout;
  /** Normalized text of each word: lower case, digits as 0, a mention's words as one `<Type>`. */
  tokens: string[];
  /** Index of the mention covering each word, -1 outside mentions. */
  mentionOf: Int32Array;
  /** First and last+1 word of every mention, by `${start}:${end}` char span. */
  mentionWords: Map<string, [number, number]>;
}

const normalize = (word: string) => word.toLowerCase().replace(/[0-9]/g, "0");

/** Lays out one document with all its concepts' mentions as word boundaries. */
export function documentWords(
  document: BioCDocument,
  concepts: readonly EntityConcept[],
): DocumentWords {
  const mentions = concepts.flatMap((c) => c.mentions.map((m) => ({ ...m, type: c.type })));
  const layout = layoutDocument(document, mentions);
  const words = layout.words;
  const tokens = words.map((w) => normalize(layout.text(w)));
  const mentionOf = new Int32Array(words.length).fill(-1);
  const mentionWords = new Map<string, [number, number]>();
  mentions.forEach((m, i) => {
    let first = -1;
    let last = -1;
    for (let w = 0; w < words.length; w++) {
      const word = words[w] as (typeof words)[number];
      if (word.start >= m.start && word.end <= m.end) {
        if (first < 0) first = w;
        last = w;
        mentionOf[w] = i;
        tokens[w] = `<${m.type}>`;
      }
    }
    if (first >= 0) mentionWords.set(`${m.start}:${m.end}`, [first, last + 1]);
  });
  return { layout, tokens, mentionOf, mentionWords };
}

interface Placed {
  first: number;
  end: number;
  sentence: number;
  passage: number;
}

function placed(words: DocumentWords, concept: EntityConcept): Placed[] {
  const out: Placed[] = [];
  for (const m of concept.mentions) {
    const span = words.mentionWords.get(`${m.start}:${m.end}`);
    if (!span) continue;
    const w = words.layout.words[span[0]] as { sentence: number; passage: number };
    out.push({ first: span[0], end: span[1], sentence: w.sentence, passage: w.passage });
  }
  return out;
}

/** Words of a span with each mention collapsed to one token. */
function spanTokens(words: DocumentWords, from: number, to: number): string[] {
  const out: string[] = [];
  for (let w = Math.max(0, from); w < Math.min(to, words.tokens.length); w++) {
    const mention = words.mentionOf[w] as number;
    if (mention >= 0 && w > from && words.mentionOf[w - 1] === mention) continue;
    out.push(words.tokens[w] as string);
  }
  return out;
}

const bucket = (n: number, edges: readonly number[]) => {
  const i = edges.findIndex((e) => n <= e);
  return i < 0 ? `>${edges[edges.length - 1]}` : `${edges[i]}`;
};

/** Optional feature groups (chosen on the held-out slice; off by default). */
export interface PairFeatureOptions {
  /** Each word between the closest mentions also conjoined with the entity-type pair. */
  typedWords?: boolean;
  /** The words of the sentence holding both closest mentions (when they share one). */
  sentenceWords?: boolean;
}

/** The pair's feature strings (each present once; the typer reads them as binary). */
export function pairFeatures(
  words: DocumentWords,
  pair: CandidatePair,
  options: PairFeatureOptions = {},
): string[] {
  const f = new Set<string>(["bias"]);
  const etp = typePairKey(pair.head.type, pair.tail.type);
  f.add(`etp=${etp}`);
  const head = placed(words, pair.head);
  const tail = placed(words, pair.tail);
  for (const [name, ms] of [
    ["head", head],
    ["tail", tail],
  ] as const) {
    const type = name === "head" ? pair.head.type : pair.tail.type;
    f.add(`mentions:${type}=${bucket(ms.length, [1, 2, 4])}`);
    if (ms.some((m) => m.passage === 0)) f.add(`title:${type}`);
  }
  if (head.some((m) => m.passage === 0) && tail.some((m) => m.passage === 0)) f.add("title:both");
  const shared = new Set(
    head.map((m) => m.sentence).filter((s) => tail.some((t) => t.sentence === s)),
  );
  f.add(`cooccurring-sentences=${bucket(shared.size, [0, 1, 2])}`);

  // the closest mention pair: fewest sentences apart, then fewest words
  let best: [Placed, Placed] | null = null;
  let bestKey = Number.POSITIVE_INFINITY;
  for (const h of head)
    for (const t of tail) {
      const [a, b] = h.first <= t.first ? [h, t] : [t, h];
      const key = Math.abs(h.sentence - t.sentence) * 1e6 + Math.max(0, b.first - a.end);
      if (key < bestKey) {
        bestKey = key;
        best = [a, b];
      }
    }
  if (!best) return [...f];
  const [a, b] = best;
  const sentenceDistance = Math.abs(a.sentence - b.sentence);
  f.add(`sentence-distance=${bucket(sentenceDistance, [0, 1, 2, 4])}`);
  const typeOf = (p: Placed) => words.tokens[p.first] as string;
  f.add(`order=${typeOf(a)}>${typeOf(b)}`);

  const gap = b.first - a.end;
  f.add(`gap=${bucket(gap, [0, 2, 5, 10, 20])}`);
  let between = spanTokens(words, a.end, b.first);
  if (between.length > MAX_BETWEEN)
    between = [...between.slice(0, MAX_BETWEEN / 2), "<...>", ...between.slice(-MAX_BETWEEN / 2)];
  const triggersBetween = new Set<string>();
  between.forEach((w, i) => {
    f.add(`between:${w}`);
    if (options.typedWords) f.add(`between:${w}|${etp}`);
    if (i > 0) f.add(`between2:${between[i - 1]}_${w}`);
    const c = triggerClassOf(w);
    if (c >= 0) triggersBetween.add((TRIGGER_CLASSES[c] as { name: string }).name);
  });
  if (between.length === 0) f.add("between:<none>");
  for (const t of triggersBetween) {
    f.add(`trigger-between=${t}`);
    f.add(`trigger-between=${t}|${etp}`);
  }
  for (const w of spanTokens(words, a.first - WINDOW, a.first)) f.add(`before:${w}`);
  for (const w of spanTokens(words, b.end, b.end + WINDOW)) f.add(`after:${w}`);
  if (options.sentenceWords && sentenceDistance === 0) {
    for (let w = 0; w < words.tokens.length; w++)
      if ((words.layout.words[w] as { sentence: number }).sentence === a.sentence)
        f.add(`sentence:${words.tokens[w]}`);
  }

  // trigger words anywhere in the sentences holding both concepts
  for (let w = 0; w < words.tokens.length; w++) {
    const s = (words.layout.words[w] as { sentence: number }).sentence;
    if (!shared.has(s)) continue;
    const c = triggerClassOf(words.tokens[w] as string);
    if (c >= 0) f.add(`trigger-sentence=${(TRIGGER_CLASSES[c] as { name: string }).name}`);
  }
  return [...f];
}
