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
  type LaidOutWord,
  layoutDocument,
  typePairKey,
} from "@biore/relation-dataset";
import { TRIGGER_CLASSES, triggerClassOf } from "../model/trigger-lexicon.js";
import { FeatureNames, NameFamily, bucketLabels } from "./feature-names.js";

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
  /** Trigger class of each word's token (`triggerClassOf`), -1 for none: looked up once per document. */
  triggerOf: Int8Array;
  /** Each sentence's trigger classes in word order (repeats kept), for the shared-sentence features. */
  sentenceTriggers: Map<number, number[]>;
}

const normalize = (word: string) => word.toLowerCase().replace(/[0-9]/g, "0");

/** `triggerClassOf` of the tokens seen so far (bounded: emptied when full). */
const triggerClassCache = new Map<string, number>();
function cachedTriggerClass(token: string): number {
  let c = triggerClassCache.get(token);
  if (c === undefined) {
    if (triggerClassCache.size >= 100_000) triggerClassCache.clear();
    c = triggerClassOf(token);
    triggerClassCache.set(token, c);
  }
  return c;
}

/** Index of the first word starting at or after `offset` in words ordered by position. */
function firstWordFrom(words: readonly LaidOutWord[], offset: number): number {
  let lo = 0;
  let hi = words.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((words[mid] as LaidOutWord).start < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Lays out one document with all its concepts' mentions as word boundaries. */
export function documentWords(
  document: BioCDocument,
  concepts: readonly EntityConcept[],
): DocumentWords {
  const mentions: Array<{ start: number; end: number; type: string }> = [];
  for (const c of concepts)
    for (const m of c.mentions) mentions.push({ start: m.start, end: m.end, type: c.type });
  const layout = layoutDocument(document, mentions);
  const words = layout.words;
  const tokens = words.map((w) => normalize(layout.text(w)));
  const mentionOf = new Int32Array(words.length).fill(-1);
  const mentionWords = new Map<string, [number, number]>();
  // words in order and not overlapping (as the layout cuts them): a mention's words are the
  // run from the first word at or after its start, found by binary search, not by a scan
  const ordered = words.every(
    (w, i) => w.start <= w.end && (i === 0 || (words[i - 1] as LaidOutWord).end <= w.start),
  );
  mentions.forEach((m, i) => {
    let first = -1;
    let last = -1;
    for (let w = ordered ? firstWordFrom(words, m.start) : 0; w < words.length; w++) {
      const word = words[w] as LaidOutWord;
      if (word.start >= m.start && word.end <= m.end) {
        if (first < 0) first = w;
        last = w;
        mentionOf[w] = i;
        tokens[w] = `<${m.type}>`;
      } else if (ordered) break;
    }
    if (first >= 0) mentionWords.set(`${m.start}:${m.end}`, [first, last + 1]);
  });
  // every pair of the document reads these: matching the lexicon once per word, not per pair,
  // halved `predict`'s time with a typer on BioRED Dev
  const triggerOf = new Int8Array(words.length);
  const sentenceTriggers = new Map<number, number[]>();
  tokens.forEach((token, w) => {
    const c = cachedTriggerClass(token);
    triggerOf[w] = c;
    if (c < 0) return;
    const sentence = (words[w] as (typeof words)[number]).sentence;
    const classes = sentenceTriggers.get(sentence);
    if (classes) classes.push(c);
    else sentenceTriggers.set(sentence, [c]);
  });
  return { layout, tokens, mentionOf, mentionWords, triggerOf, sentenceTriggers };
}

interface Placed {
  first: number;
  end: number;
  sentence: number;
  passage: number;
}

/** What a document's pairs share: its feature names and its concepts' placed mentions. */
interface DocumentCache {
  names: FeatureNames;
  placed: Map<EntityConcept, Placed[]>;
  /** Names by word index (-1: the cut of a long gap), pair of word indices, type or label. */
  between: NameFamily<number>;
  bigram: NameFamily<number>;
  before: NameFamily<number>;
  after: NameFamily<number>;
  sentence: NameFamily<number>;
  order: NameFamily<number>;
  etp: NameFamily<string>;
  title: NameFamily<string>;
  /** `mentions:${type}=${label}`: one family per count label, by type. */
  mentions: Map<string, NameFamily<string>>;
  cooccurring: NameFamily<string>;
  sentenceDistance: NameFamily<string>;
  gap: NameFamily<string>;
  triggerBetween: NameFamily<string>;
  /** `trigger-between=${trigger}|${etp}`: one family per trigger class, by entity-type pair. */
  typedTriggerBetween: Map<string, NameFamily<string>>;
  triggerSentence: NameFamily<string>;
}

const caches = new WeakMap<DocumentWords, DocumentCache>();

function cacheOf(words: DocumentWords): DocumentCache {
  let cache = caches.get(words);
  if (!cache) {
    cache = {
      names: new FeatureNames(),
      placed: new Map(),
      between: new NameFamily("between:"),
      bigram: new NameFamily("between2:"),
      before: new NameFamily("before:"),
      after: new NameFamily("after:"),
      sentence: new NameFamily("sentence:"),
      order: new NameFamily("order="),
      etp: new NameFamily("etp="),
      title: new NameFamily("title:"),
      mentions: new Map(),
      cooccurring: new NameFamily("cooccurring-sentences="),
      sentenceDistance: new NameFamily("sentence-distance="),
      gap: new NameFamily("gap="),
      triggerBetween: new NameFamily("trigger-between="),
      typedTriggerBetween: new Map(),
      triggerSentence: new NameFamily("trigger-sentence="),
    };
    caches.set(words, cache);
  }
  return cache;
}

/** The family of `families` for `key`, made on first use. */
function familyOf(
  families: Map<string, NameFamily<string>>,
  key: string,
  prefix: string,
): NameFamily<string> {
  let family = families.get(key);
  if (!family) {
    family = new NameFamily(prefix);
    families.set(key, family);
  }
  return family;
}

function placed(words: DocumentWords, concept: EntityConcept): Placed[] {
  const { placed: byConcept } = cacheOf(words);
  const known = byConcept.get(concept);
  if (known) return known;
  const out: Placed[] = [];
  for (const m of concept.mentions) {
    const span = words.mentionWords.get(`${m.start}:${m.end}`);
    if (!span) continue;
    const w = words.layout.words[span[0]] as { sentence: number; passage: number };
    out.push({ first: span[0], end: span[1], sentence: w.sentence, passage: w.passage });
  }
  byConcept.set(concept, out);
  return out;
}

/** Word indices of a span with each mention collapsed to its first word. */
function spanWords(words: DocumentWords, from: number, to: number): number[] {
  const out: number[] = [];
  for (let w = Math.max(0, from); w < Math.min(to, words.tokens.length); w++) {
    const mention = words.mentionOf[w] as number;
    if (mention >= 0 && w > from && words.mentionOf[w - 1] === mention) continue;
    out.push(w);
  }
  return out;
}

const triggerName = (c: number) => (TRIGGER_CLASSES[c] as { name: string }).name;

const mentionCountBucket = bucketLabels([1, 2, 4]);
const cooccurrenceBucket = bucketLabels([0, 1, 2]);
const sentenceDistanceBucket = bucketLabels([0, 1, 2, 4]);
const gapBucket = bucketLabels([0, 2, 5, 10, 20]);

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
  // every name comes from the document's cache: one string object per distinct name, each
  // taken once per pair (what a Set of the names did)
  const cache = cacheOf(words);
  const names = cache.names;
  names.begin();
  names.add("bias");
  const etp = typePairKey(pair.head.type, pair.tail.type);
  names.addIn(cache.etp, etp, etp);
  const head = placed(words, pair.head);
  const tail = placed(words, pair.tail);
  for (const [name, ms] of [
    ["head", head],
    ["tail", tail],
  ] as const) {
    const type = name === "head" ? pair.head.type : pair.tail.type;
    const label = mentionCountBucket(ms.length);
    names.addIn(familyOf(cache.mentions, label, "mentions:"), type, `${type}=${label}`);
    if (ms.some((m) => m.passage === 0)) names.addIn(cache.title, type, type);
  }
  if (head.some((m) => m.passage === 0) && tail.some((m) => m.passage === 0))
    names.add("title:both");
  const shared = new Set(
    head.map((m) => m.sentence).filter((s) => tail.some((t) => t.sentence === s)),
  );
  const cooccurring = cooccurrenceBucket(shared.size);
  names.addIn(cache.cooccurring, cooccurring, cooccurring);

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
  if (!best) return names.end();
  const [a, b] = best;
  const sentenceDistance = Math.abs(a.sentence - b.sentence);
  const distance = sentenceDistanceBucket(sentenceDistance);
  names.addIn(cache.sentenceDistance, distance, distance);
  const n = words.tokens.length;
  const order = `${words.tokens[a.first]}>${words.tokens[b.first]}`;
  names.addIn(cache.order, a.first * n + b.first, order);

  const gap = gapBucket(b.first - a.end);
  names.addIn(cache.gap, gap, gap);
  // word indices; -1 marks the cut in a long gap ("<...>", never a trigger)
  let betweenAt = spanWords(words, a.end, b.first);
  if (betweenAt.length > MAX_BETWEEN)
    betweenAt = [...betweenAt.slice(0, MAX_BETWEEN / 2), -1, ...betweenAt.slice(-MAX_BETWEEN / 2)];
  const tokenAt = (w: number) => (w < 0 ? "<...>" : (words.tokens[w] as string));
  const bigramIndex = (w1: number, w2: number) => (w1 + 1) * (n + 1) + w2 + 1;
  const triggersBetween = new Set<string>();
  betweenAt.forEach((at, i) => {
    const w = tokenAt(at);
    names.addIn(cache.between, at, w);
    if (options.typedWords) names.add(`between:${w}|${etp}`);
    if (i > 0) {
      const before = betweenAt[i - 1] as number;
      names.addIn(cache.bigram, bigramIndex(before, at), `${tokenAt(before)}_${w}`);
    }
    const c = at < 0 ? -1 : (words.triggerOf[at] as number);
    if (c >= 0) triggersBetween.add(triggerName(c));
  });
  if (betweenAt.length === 0) names.add("between:<none>");
  for (const t of triggersBetween) {
    names.addIn(cache.triggerBetween, t, t);
    names.addIn(familyOf(cache.typedTriggerBetween, t, "trigger-between="), etp, `${t}|${etp}`);
  }
  for (const w of spanWords(words, a.first - WINDOW, a.first))
    names.addIn(cache.before, w, words.tokens[w] as string);
  for (const w of spanWords(words, b.end, b.end + WINDOW))
    names.addIn(cache.after, w, words.tokens[w] as string);
  if (options.sentenceWords && sentenceDistance === 0) {
    for (let w = 0; w < words.tokens.length; w++)
      if ((words.layout.words[w] as { sentence: number }).sentence === a.sentence)
        names.addIn(cache.sentence, w, words.tokens[w] as string);
  }

  // trigger words anywhere in the sentences holding both concepts (in document order)
  for (const s of [...shared].sort((x, y) => x - y))
    for (const c of words.sentenceTriggers.get(s) ?? []) {
      const t = triggerName(c);
      names.addIn(cache.triggerSentence, t, t);
    }
  return names.end();
}
