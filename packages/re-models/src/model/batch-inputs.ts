import type { EncodedDocument } from "@biore/relation-dataset";
import type { CsrMatrix } from "@biore/tfjs-kernels";
import * as tf from "@tensorflow/tfjs-core";
import { ModelError } from "../errors.js";
import {
  type LocalPairArrays,
  type LocalPairTensors,
  localPairArrays,
  localPairTensors,
  writeLocalPairs,
} from "./local-pairs.js";
import { writeBetweenWeights } from "./pair-spans.js";
import { LEXICAL_BIGRAM_BUCKETS } from "./params.js";

/**
 * The typed arrays of one padded batch of documents (B rows, T tokens,
 * S sentences, M mentions, C concepts, P pairs).
 */
export interface BatchArrays {
  batchSize: number;
  maxTokens: number;
  maxSentences: number;
  maxMentions: number;
  maxConcepts: number;
  numPairs: number;
  /** [B*T] token ids, 0 on padding. */
  tokenIds: Int32Array;
  /** [B*T] 1 on real tokens. */
  tokenMask: Float32Array;
  /** [B*T] entity-type id per token. */
  entityTypeIds: Int32Array;
  /** [B*T] 1 on real tokens outside entity mentions (the words the lexical path reads). */
  lexicalMask: Float32Array;
  /** [B*T] hashed bucket of the bigram starting at each token (0 = none: sentence end or entity). */
  bigramIds: Int32Array;
  /**
   * [B*S, B*T] each sentence's mean over its words (the lexical mask's tokens), sparse: row
   * `row * S + sentence`, columns `row * T + token`, values 1 / its word count (no entries when
   * it has none).
   */
  sentenceWords: CsrMatrix;
  /** [B*T] each token's sentence, -1 on padding (the segments of the sentence pooling). */
  tokenSentence: Int32Array;
  /**
   * [P, B*S] each pair's weights over the batch's sentences (columns `row * S + sentence`),
   * sparse: uniform over the sentences where both concepts occur, else over those where either
   * does.
   */
  pairSentences: CsrMatrix;
  /**
   * [P, B*T] each pair's weights over the tokens between its mentions that share a sentence, as
   * a sparse matrix (a few spans of a few tokens per pair; columns are `row * T + token`).
   */
  pairBetween: CsrMatrix;
  /** [B*M, B*T] mean-pooling weights of each mention's tokens (sparse: a few tokens per row). */
  mentionWeights: CsrMatrix;
  /** [B*M] each mention's concept, -1 on padding and on mentions cut off by truncation. */
  mentionConcept: Int32Array;
  /** [B*C] 1 when the concept has at least one mention inside the document's tokens. */
  conceptValid: Float32Array;
  /** [P] indices into the B*C flattened concepts. */
  pairHead: Int32Array;
  pairTail: Int32Array;
  /** [P] index of `headType * numEntityTypes + tailType`. */
  typePair: Int32Array;
  /** [P*F] */
  pairFeatures: Float32Array;
  numPairFeatures: number;
  /** [P] gold label ids and novelty (-1 = not applicable). */
  labelIds: Int32Array;
  novelIds: Int32Array;
  /** [P] which batch row (document) each pair comes from. */
  pairRow: Int32Array;
  /** Each pair's closest same-sentence mention pairs (the local path's input). */
  local: LocalPairArrays;
}

/** Pads documents into one batch; mention and concept masks are built here, in plain JS. */
export function buildBatchArrays(
  docs: readonly EncodedDocument[],
  numEntityTypes: number,
): BatchArrays {
  const b = docs.length;
  if (b === 0) throw new ModelError("INVALID_INPUT", "a batch needs at least one document");
  let t = 1;
  let s = 1;
  let m = 1;
  let c = 1;
  let p = 0;
  let f = -1;
  for (const doc of docs) {
    t = Math.max(t, doc.tokenIds.length);
    for (const id of doc.sentenceIds) s = Math.max(s, id + 1);
    m = Math.max(m, doc.mentionStart.length);
    c = Math.max(c, doc.conceptTypeIds.length);
    p += doc.pairHead.length;
    const docF = doc.pairHead.length === 0 ? f : doc.pairFeatures.length / doc.pairHead.length;
    if (f >= 0 && docF !== f) {
      throw new ModelError(
        "INVALID_INPUT",
        "documents disagree on the number of pair features",
        doc.documentId,
      );
    }
    f = docF;
  }
  f = Math.max(f, 0);
  const arrays: BatchArrays = {
    batchSize: b,
    maxTokens: t,
    maxSentences: s,
    maxMentions: m,
    maxConcepts: c,
    numPairs: p,
    tokenIds: new Int32Array(b * t),
    tokenMask: new Float32Array(b * t),
    entityTypeIds: new Int32Array(b * t),
    lexicalMask: new Float32Array(b * t),
    bigramIds: new Int32Array(b * t),
    sentenceWords: emptyCsr(b * s, b * t),
    tokenSentence: new Int32Array(b * t).fill(-1),
    pairSentences: emptyCsr(p, b * s),
    pairBetween: emptyCsr(p, b * t),
    mentionWeights: emptyCsr(b * m, b * t),
    mentionConcept: new Int32Array(b * m).fill(-1),
    conceptValid: new Float32Array(b * c),
    pairHead: new Int32Array(p),
    pairTail: new Int32Array(p),
    typePair: new Int32Array(p),
    pairFeatures: new Float32Array(p * f),
    numPairFeatures: f,
    labelIds: new Int32Array(p),
    novelIds: new Int32Array(p),
    pairRow: new Int32Array(p),
    local: localPairArrays(p),
  };
  let pairOffset = 0;
  const between = new SpanRows(t);
  const mentionTokens = new SparseRows();
  const sentenceWords = new SparseRows();
  const pairSentences = new SparseRows();
  docs.forEach((doc, row) => {
    const len = doc.tokenIds.length;
    arrays.tokenIds.set(doc.tokenIds, row * t);
    arrays.entityTypeIds.set(doc.entityTypeIds, row * t);
    arrays.tokenMask.fill(1, row * t, row * t + len);
    for (let k = 0; k < len; k++) arrays.tokenSentence[row * t + k] = doc.sentenceIds[k] as number;
    writeLexicalInputs(doc, row * t, arrays);
    writeSentenceWords(arrays, row, sentenceWords);
    // Per concept: the sentences it occurs in, and its mentions that lie wholly
    // inside the tokens (the ends of between-mention spans), both for the pair contexts.
    const conceptSentences = Array.from(doc.conceptTypeIds, () => new Set<number>());
    const conceptMentionLists = Array.from(doc.conceptTypeIds, () => [] as number[]);
    for (let k = 0; k < m; k++) {
      if (k < doc.mentionStart.length) {
        const start = Math.max(0, doc.mentionStart[k] as number);
        const end = Math.min(len, doc.mentionEnd[k] as number);
        // (a mention cut off by truncation has no tokens)
        for (let i = start; i < end; i++) mentionTokens.push(row * t + i, 1 / (end - start));
      }
      arrays.mentionWeights.rowStarts[row * m + k + 1] = mentionTokens.size;
    }
    for (let k = 0; k < doc.mentionStart.length; k++) {
      const rawStart = doc.mentionStart[k] as number;
      const rawEnd = doc.mentionEnd[k] as number;
      const start = Math.max(0, rawStart);
      const end = Math.min(len, rawEnd);
      if (end <= start) continue; // mention cut off by truncation
      const concept = doc.mentionConcept[k] as number;
      arrays.mentionConcept[row * m + k] = concept;
      arrays.conceptValid[row * c + concept] = 1;
      if (rawStart < 0) continue;
      conceptSentences[concept]?.add(doc.sentenceIds[rawStart] as number);
      if (rawEnd <= len) conceptMentionLists[concept]?.push(k);
    }
    for (let k = 0; k < doc.pairHead.length; k++) {
      const head = doc.pairHead[k] as number;
      const tail = doc.pairTail[k] as number;
      const q = pairOffset + k;
      arrays.pairHead[q] = row * c + head;
      arrays.pairTail[q] = row * c + tail;
      const headType = Math.min(doc.conceptTypeIds[head] as number, numEntityTypes - 1);
      const tailType = Math.min(doc.conceptTypeIds[tail] as number, numEntityTypes - 1);
      arrays.typePair[q] = headType * numEntityTypes + tailType;
      arrays.labelIds[q] = doc.labelIds[k] as number;
      arrays.novelIds[q] = doc.novelIds[k] as number;
      arrays.pairRow[q] = row;
      between.add(row, (weights) =>
        writeBetweenWeights(
          doc,
          conceptMentionLists[head] ?? [],
          conceptMentionLists[tail] ?? [],
          weights,
          0,
        ),
      );
      arrays.pairBetween.rowStarts[q + 1] = between.size;
      writeLocalPairs(
        doc,
        conceptMentionLists[head] ?? [],
        conceptMentionLists[tail] ?? [],
        row * m,
        q,
        arrays.local,
      );
      const shared = pairSentenceSet(conceptSentences[head], conceptSentences[tail]);
      for (const sentence of shared.sort((x, y) => x - y)) {
        pairSentences.push(row * s + sentence, 1 / shared.length);
      }
      arrays.pairSentences.rowStarts[q + 1] = pairSentences.size;
    }
    arrays.pairFeatures.set(doc.pairFeatures.subarray(0, doc.pairHead.length * f), pairOffset * f);
    pairOffset += doc.pairHead.length;
  });
  arrays.pairBetween.columns = Int32Array.from(between.columns);
  arrays.pairBetween.values = Float32Array.from(between.values);
  arrays.mentionWeights.columns = Int32Array.from(mentionTokens.columns);
  arrays.mentionWeights.values = Float32Array.from(mentionTokens.values);
  arrays.sentenceWords.columns = Int32Array.from(sentenceWords.columns);
  arrays.sentenceWords.values = Float32Array.from(sentenceWords.values);
  arrays.pairSentences.columns = Int32Array.from(pairSentences.columns);
  arrays.pairSentences.values = Float32Array.from(pairSentences.values);
  return arrays;
}

/** A [rows, columns] sparse matrix with no entries yet (row ends filled in as rows are written). */
function emptyCsr(rows: number, columns: number): CsrMatrix {
  return {
    shape: [rows, columns],
    rowStarts: new Int32Array(rows + 1),
    columns: new Int32Array(0),
    values: new Float32Array(0),
  };
}

/**
 * Batch row `row`'s S rows of the sentence-word means (after its lexical mask is written):
 * each sentence's words, 1 / their count each, in token order.
 */
function writeSentenceWords(arrays: BatchArrays, row: number, out: SparseRows): void {
  const { maxTokens: t, maxSentences: s } = arrays;
  const sentenceOf = (k: number) =>
    arrays.lexicalMask[row * t + k] === 1 ? (arrays.tokenSentence[row * t + k] as number) : -1;
  const starts = new Int32Array(s + 1); // each sentence's first slot, by counting
  for (let k = 0; k < t; k++) {
    const sentence = sentenceOf(k);
    if (sentence >= 0) starts[sentence + 1] = (starts[sentence + 1] as number) + 1;
  }
  for (let i = 0; i < s; i++) starts[i + 1] = (starts[i + 1] as number) + (starts[i] as number);
  const tokens = new Int32Array(starts[s] as number);
  const next = starts.slice(0, s);
  for (let k = 0; k < t; k++) {
    const sentence = sentenceOf(k);
    if (sentence < 0) continue;
    tokens[next[sentence] as number] = k;
    next[sentence] = (next[sentence] as number) + 1;
  }
  for (let i = 0; i < s; i++) {
    const from = starts[i] as number;
    const to = starts[i + 1] as number;
    for (let j = from; j < to; j++) out.push(row * t + (tokens[j] as number), 1 / (to - from));
    arrays.sentenceWords.rowStarts[row * s + i + 1] = out.size;
  }
}

/** The entries of a sparse matrix, row after row (the caller records where each row ends). */
class SparseRows {
  readonly columns: number[] = [];
  readonly values: number[] = [];

  get size(): number {
    return this.columns.length;
  }

  push(column: number, value: number): void {
    this.columns.push(column);
    this.values.push(value);
  }
}

/** Sparse rows of token weights, each written into one reused row of T weights first. */
class SpanRows extends SparseRows {
  private readonly scratch: Float32Array;

  constructor(private readonly tokens: number) {
    super();
    this.scratch = new Float32Array(tokens);
  }

  /** Appends the row `write` fills (it returns the token range it wrote) for batch row `row`. */
  add(row: number, write: (weights: Float32Array) => { from: number; to: number }): void {
    const { from, to } = write(this.scratch);
    for (let i = from; i < to; i++) {
      const w = this.scratch[i] as number;
      if (w === 0) continue;
      this.push(row * this.tokens + i, w);
      this.scratch[i] = 0;
    }
  }
}

/** The lexical path's inputs of one document: which tokens are words, and their bigram buckets. */
function writeLexicalInputs(doc: EncodedDocument, offset: number, arrays: BatchArrays): void {
  const len = doc.tokenIds.length;
  const isWord = (k: number) => doc.entityTypeIds[k] === 0;
  for (let k = 0; k < len; k++) {
    if (!isWord(k)) continue;
    arrays.lexicalMask[offset + k] = 1;
    if (k + 1 < len && isWord(k + 1) && doc.sentenceIds[k + 1] === doc.sentenceIds[k]) {
      // FNV-1a over the two ids: stable across runs and platforms
      let h = 0x811c9dc5;
      h = Math.imul(h ^ (doc.tokenIds[k] as number), 0x01000193);
      h = Math.imul(h ^ (doc.tokenIds[k + 1] as number), 0x01000193);
      arrays.bigramIds[offset + k] = 1 + ((h >>> 0) % (LEXICAL_BIGRAM_BUCKETS - 1));
    }
  }
}

/** Sentences both concepts share; when they share none, those where either occurs. */
function pairSentenceSet(head: Set<number> | undefined, tail: Set<number> | undefined): number[] {
  const a = head ?? new Set<number>();
  const b = tail ?? new Set<number>();
  const shared = [...a].filter((sentence) => b.has(sentence));
  return shared.length > 0 ? shared : [...new Set([...a, ...b])];
}

/** The tensors the network reads; dispose with {@link disposeBatchTensors}. */
export interface BatchTensors {
  arrays: BatchArrays;
  tokenIds: tf.Tensor1D;
  tokenMask: tf.Tensor3D;
  /** [B*T] entity-type id per token, clamped to the model's types (a row of their embedding). */
  entityTypes: tf.Tensor1D;
  /** [B*T, 1] */
  lexicalMask: tf.Tensor2D;
  /** [B*T] */
  bigramIds: tf.Tensor1D;
  /** [B*T, 1] 1 where a bigram starts. */
  bigramMask: tf.Tensor2D;
  positions: tf.Tensor2D;
  conceptValid: tf.Tensor2D;
  pairHead: tf.Tensor1D;
  pairTail: tf.Tensor1D;
  /** [P] type-pair id per pair, clamped (a row of the type-pair embedding and mask). */
  typePairs: tf.Tensor1D;
  pairFeatures: tf.Tensor2D;
  local: LocalPairTensors;
}

/** Position-code tables by width, grown on demand: every batch reads a prefix of the same rows. */
const positionTables = new Map<number, Float32Array>();

/** Sinusoidal position codes [T, E], scaled down so they inform without dominating embeddings. */
function positionCodes(time: number, width: number): Float32Array {
  let table = positionTables.get(width);
  if (!table || table.length < time * width) {
    // grown at least twofold, so a stream of ever longer batches rebuilds it only log(T) times
    const rows = Math.max(time, 2 * (table ? table.length / width : 0));
    table = new Float32Array(rows * width);
    for (let pos = 0; pos < rows; pos++) {
      for (let i = 0; i < width; i++) {
        const rate = 1 / 10000 ** ((2 * Math.floor(i / 2)) / width);
        table[pos * width + i] = 0.1 * (i % 2 === 0 ? Math.sin(pos * rate) : Math.cos(pos * rate));
      }
    }
    positionTables.set(width, table);
  }
  return table.slice(0, time * width); // a copy: the tensor must not share the cached table
}

/** Ids clamped into [0, depth) (rows of a table of `depth` rows). */
function clampedIds(ids: Int32Array, depth: number): Int32Array {
  return ids.map((id) => Math.min(Math.max(id, 0), depth - 1));
}

/** Uploads a batch's arrays as tensors. */
export function batchTensors(
  arrays: BatchArrays,
  numEntityTypes: number,
  embeddingDim: number,
): BatchTensors {
  const { batchSize: b, maxTokens: t } = arrays;
  const { maxConcepts: c, numPairs: p } = arrays;
  return {
    arrays,
    tokenIds: tf.tensor1d(arrays.tokenIds, "int32"),
    tokenMask: tf.tensor3d(arrays.tokenMask, [b, t, 1]),
    entityTypes: tf.tensor1d(clampedIds(arrays.entityTypeIds, numEntityTypes), "int32"),
    lexicalMask: tf.tensor2d(arrays.lexicalMask, [b * t, 1]),
    bigramIds: tf.tensor1d(arrays.bigramIds, "int32"),
    bigramMask: tf.tensor2d(
      Float32Array.from(arrays.bigramIds, (id) => (id > 0 ? 1 : 0)),
      [b * t, 1],
    ),
    positions: tf.tensor2d(positionCodes(t, embeddingDim), [t, embeddingDim]),
    conceptValid: tf.tensor2d(arrays.conceptValid, [b * c, 1]),
    pairHead: tf.tensor1d(arrays.pairHead, "int32"),
    pairTail: tf.tensor1d(arrays.pairTail, "int32"),
    typePairs: tf.tensor1d(clampedIds(arrays.typePair, numEntityTypes * numEntityTypes), "int32"),
    pairFeatures: tf.tensor2d(arrays.pairFeatures, [p, arrays.numPairFeatures]),
    local: localPairTensors(arrays.local),
  };
}

/** Frees every tensor of a batch. */
export function disposeBatchTensors(batch: BatchTensors): void {
  for (const [key, value] of Object.entries(batch)) {
    if (key === "local") tf.dispose(Object.values(value as LocalPairTensors));
    else if (key !== "arrays") (value as tf.Tensor).dispose();
  }
}
