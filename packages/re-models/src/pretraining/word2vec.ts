import { createRng, deriveSeed, shuffled } from "../random.js";
import { PretrainingError } from "./errors.js";
import { keepProbabilities, unigramTable } from "./sampling.js";
import { isZeroRow } from "./similarity.js";

/** Skip-gram predicts each context word from the centre word; CBOW the centre from its averaged context. */
export type WordVectorMethod = "skipgram" | "cbow";

/** Progress of {@link trainWordVectors}, reported every ~50k words and at each epoch end. */
export interface WordVectorProgress {
  /** 1-based epoch. */
  epoch: number;
  epochs: number;
  /** Tokens read so far over all epochs (before subsampling). */
  wordsDone: number;
  /** Tokens to read over all epochs. */
  wordsTotal: number;
  /** Current (linearly decayed) learning rate. */
  learningRate: number;
  /** Tokens read per second of wall time since the start. */
  wordsPerSecond: number;
}

/** Options of {@link trainWordVectors}. */
export interface WordVectorOptions {
  /** Number of ids; every token id must be in [0, vocabSize). */
  vocabSize: number;
  /** Vector width (match the model's `embeddingDim`). */
  dim: number;
  /** Largest distance of a context word; each position draws a window in [1, window]. */
  window: number;
  /** Negative samples per positive pair. */
  negative: number;
  /** Passes over the corpus. */
  epochs: number;
  /** Ids seen fewer times are dropped from the text and get a zero vector. Default 1. */
  minCount?: number;
  /** Frequent-word subsampling threshold (word2vec `-sample`); 0 disables. Default 1e-3. */
  subsample?: number;
  /** Starting learning rate, decayed linearly to ~0 (word2vec: 0.025 skip-gram, 0.05 CBOW). */
  learningRate: number;
  /** Seed of every random choice (initialization, subsampling, windows, negatives, order). */
  seed: number;
  method: WordVectorMethod;
  /** Ids left out of the text and of the vectors (e.g. padding and unknown). */
  skipIds?: Iterable<number>;
  /**
   * Starting input vectors, `[vocabSize * dim]` (e.g. general-English vectors mapped onto the
   * vocabulary): a row that is not all zero replaces that id's random start; all-zero rows keep
   * it. Used as given (scale them to the random start's size, `(rng - 0.5) / dim`, if the
   * training should treat them alike). The random start is drawn either way, so leaving this
   * out, or giving only zero rows, trains exactly the same vectors.
   */
  initialVectors?: Float32Array;
  /** Called now and then with tokens processed so far (libraries never print). */
  onProgress?: (progress: WordVectorProgress) => void;
}

/** word2vec's clip of the logit: beyond it the sigmoid is taken as exactly 0 or 1. */
const MAX_LOGIT = 6;
const NOISE_TABLE_SIZE = 1_000_000;
const PROGRESS_EVERY = 50_000;
const MIN_RATE_FRACTION = 1e-4;

/**
 * word2vec with negative sampling over token-id sentences, in plain JS on Float32Arrays.
 * Returns the input vectors, `[vocabSize * dim]` row-major; ids that were never trained
 * (below `minCount`, absent, or in `skipIds`) are all-zero rows. Deterministic for a seed.
 */
export function trainWordVectors(
  sentences: Iterable<Int32Array | number[]>,
  options: WordVectorOptions,
): Float32Array {
  checkOptions(options);
  const { vocabSize, dim, window, negative, epochs, method } = options;
  const corpus = collectSentences(sentences, vocabSize);
  const counts = countIds(corpus, vocabSize);
  const minCount = options.minCount ?? 1;
  for (const id of options.skipIds ?? []) if (id >= 0 && id < vocabSize) counts[id] = 0;
  for (let id = 0; id < vocabSize; id++) if ((counts[id] as number) < minCount) counts[id] = 0;
  let wordsPerEpoch = 0;
  for (let id = 0; id < vocabSize; id++) wordsPerEpoch += counts[id] as number;
  if (wordsPerEpoch === 0)
    throw new PretrainingError("EMPTY_CORPUS", "no token occurs at least minCount times");

  const rng = createRng(deriveSeed(options.seed, 0));
  const input = new Float32Array(vocabSize * dim);
  for (let i = 0; i < input.length; i++) input[i] = (rng() - 0.5) / dim;
  if (options.initialVectors) copyNonZeroRows(options.initialVectors, input, dim);
  const output = new Float32Array(vocabSize * dim);
  const noise = unigramTable(counts, NOISE_TABLE_SIZE);
  const keep = keepProbabilities(counts, options.subsample ?? 1e-3);
  const hidden = new Float32Array(dim);
  const gradient = new Float32Array(dim);
  const longest = corpus.reduce((max, s) => Math.max(max, s.length), 0);
  const kept = new Int32Array(longest);

  // One negative-sampling step: `source` (a row of `from`) predicts `centre` against noise words.
  const predict = (from: Float32Array, source: number, centre: number, rate: number): void => {
    for (let d = 0; d <= negative; d++) {
      let target = centre;
      let label = 1;
      if (d > 0) {
        target = noise[Math.floor(rng() * NOISE_TABLE_SIZE)] as number;
        if (target === centre) continue;
        label = 0;
      }
      const row = target * dim;
      let logit = 0;
      for (let k = 0; k < dim; k++)
        logit += (from[source + k] as number) * (output[row + k] as number);
      const probability =
        logit > MAX_LOGIT ? 1 : logit < -MAX_LOGIT ? 0 : 1 / (1 + Math.exp(-logit));
      const g = (label - probability) * rate;
      for (let k = 0; k < dim; k++) {
        gradient[k] = (gradient[k] as number) + g * (output[row + k] as number);
        output[row + k] = (output[row + k] as number) + g * (from[source + k] as number);
      }
    }
  };

  const wordsTotal = wordsPerEpoch * epochs;
  const started = performance.now();
  let wordsDone = 0;
  let nextReport = PROGRESS_EVERY;
  let rate = options.learningRate;
  const report = (epoch: number) => {
    const seconds = (performance.now() - started) / 1000;
    options.onProgress?.({
      epoch,
      epochs,
      wordsDone,
      wordsTotal,
      learningRate: rate,
      wordsPerSecond: seconds > 0 ? wordsDone / seconds : 0,
    });
  };

  for (let epoch = 1; epoch <= epochs; epoch++) {
    const order = shuffled(
      corpus.map((_, i) => i),
      deriveSeed(options.seed, 1, epoch),
    );
    for (const index of order) {
      const sentence = corpus[index] as Int32Array | number[];
      let length = 0;
      for (let i = 0; i < sentence.length; i++) {
        const id = sentence[i] as number;
        if (counts[id] === 0) continue;
        wordsDone++;
        const p = keep[id] as number;
        if (p < 1 && p < rng()) continue;
        kept[length++] = id;
      }
      rate = options.learningRate * Math.max(1 - wordsDone / (wordsTotal + 1), MIN_RATE_FRACTION);
      for (let pos = 0; pos < length; pos++) {
        const centre = kept[pos] as number;
        const span = window - Math.floor(rng() * window);
        const from = Math.max(0, pos - span);
        const to = Math.min(length - 1, pos + span);
        if (method === "skipgram") {
          for (let c = from; c <= to; c++) {
            if (c === pos) continue;
            const source = (kept[c] as number) * dim;
            gradient.fill(0);
            predict(input, source, centre, rate);
            for (let k = 0; k < dim; k++)
              input[source + k] = (input[source + k] as number) + (gradient[k] as number);
          }
        } else {
          hidden.fill(0);
          let used = 0;
          for (let c = from; c <= to; c++) {
            if (c === pos) continue;
            const row = (kept[c] as number) * dim;
            for (let k = 0; k < dim; k++)
              hidden[k] = (hidden[k] as number) + (input[row + k] as number);
            used++;
          }
          if (used === 0) continue;
          for (let k = 0; k < dim; k++) hidden[k] = (hidden[k] as number) / used;
          gradient.fill(0);
          predict(hidden, 0, centre, rate);
          for (let c = from; c <= to; c++) {
            if (c === pos) continue;
            const row = (kept[c] as number) * dim;
            for (let k = 0; k < dim; k++)
              input[row + k] = (input[row + k] as number) + (gradient[k] as number);
          }
        }
      }
      if (wordsDone >= nextReport) {
        report(epoch);
        nextReport = wordsDone + PROGRESS_EVERY;
      }
    }
    report(epoch);
  }
  for (let id = 0; id < vocabSize; id++)
    if (counts[id] === 0) input.fill(0, id * dim, (id + 1) * dim);
  return input;
}

/** Copies every row of `from` that is not all zero into `to` (same shape). */
function copyNonZeroRows(from: Float32Array, to: Float32Array, dim: number): void {
  for (let id = 0; id * dim < from.length; id++)
    if (!isZeroRow(from, id, dim)) to.set(from.subarray(id * dim, (id + 1) * dim), id * dim);
}

function checkOptions(options: WordVectorOptions): void {
  const positiveIntegers = ["vocabSize", "dim", "window", "epochs"] as const;
  for (const key of positiveIntegers) {
    const value = options[key];
    if (!Number.isInteger(value) || value < 1)
      throw new PretrainingError(
        "INVALID_OPTIONS",
        `${key} must be a positive integer, got ${value}`,
        key,
      );
  }
  if (!Number.isInteger(options.negative) || options.negative < 0)
    throw new PretrainingError(
      "INVALID_OPTIONS",
      `negative must be >= 0, got ${options.negative}`,
      "negative",
    );
  if (!(options.learningRate > 0))
    throw new PretrainingError("INVALID_OPTIONS", "learningRate must be > 0", "learningRate");
  const initial = options.initialVectors;
  if (initial && initial.length !== options.vocabSize * options.dim)
    throw new PretrainingError(
      "INVALID_OPTIONS",
      `initialVectors hold ${initial.length} values, vocabSize * dim is ${options.vocabSize * options.dim}`,
      "initialVectors",
    );
  if (options.method !== "skipgram" && options.method !== "cbow")
    throw new PretrainingError(
      "INVALID_OPTIONS",
      `unknown method "${String(options.method)}"`,
      "method",
    );
}

function collectSentences(
  sentences: Iterable<Int32Array | number[]>,
  vocabSize: number,
): (Int32Array | number[])[] {
  const corpus: (Int32Array | number[])[] = [];
  for (const sentence of sentences) {
    for (let i = 0; i < sentence.length; i++) {
      const id = sentence[i] as number;
      if (!Number.isInteger(id) || id < 0 || id >= vocabSize)
        throw new PretrainingError(
          "TOKEN_OUT_OF_RANGE",
          `token id ${id} is outside 0..${vocabSize - 1}`,
          `sentence ${corpus.length}, position ${i}`,
        );
    }
    if (sentence.length > 0) corpus.push(sentence);
  }
  return corpus;
}

function countIds(corpus: readonly (Int32Array | number[])[], vocabSize: number): Float64Array {
  const counts = new Float64Array(vocabSize);
  for (const sentence of corpus)
    for (let i = 0; i < sentence.length; i++) {
      const id = sentence[i] as number;
      counts[id] = (counts[id] as number) + 1;
    }
  return counts;
}
