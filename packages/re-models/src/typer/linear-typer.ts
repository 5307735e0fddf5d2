// A fitted linear relation typer: softmax regression over the relation types (not None) on
// sparse pair features, with the types seen for each entity-type pair in its fit documents
// (its softmax is restricted to them, as it was trained) and their counts (the class prior a
// fusion can take back out). Plain data in, log-probabilities out; JSON for the model folder.
import type { PairFeatureOptions } from "./features.js";
import type { TyperInputs } from "./inputs.js";
import { FeatureIndex, type SoftmaxRegression, logProbabilities } from "./softmax-regression.js";

/** What `LinearTyper.toJSON` writes (the model folder's typer.json). */
export interface LinearTyperJson {
  format: typeof TYPER_FORMAT;
  version: 1;
  /** The label space the classes index: class c = label id c + 1 (None, id 0, is no class). */
  labels: string[];
  l2: number;
  featureOptions: Required<PairFeatureOptions>;
  /** Feature names in column order. */
  features: string[];
  /** Entity-type pair -> gold pair count of every class in the fit documents (0 = unseen). */
  typeCounts: Record<string, number[]>;
  /** [features * classes] weights, row-major by feature: float64 little-endian, base64. */
  weights: string;
}

export const TYPER_FORMAT = "biore-linear-typer";

/** A fitted typer; build one with `fitLinearTyper`, or `LinearTyper.fromJSON`. */
export class LinearTyper {
  /** Entity-type pair -> 1 where the class was seen in the fit documents' gold pairs. */
  readonly allowed: ReadonlyMap<string, Uint8Array>;

  constructor(
    /** The label space (None first); the typer's classes are labels 1.. */
    readonly labels: readonly string[],
    readonly index: FeatureIndex,
    readonly model: SoftmaxRegression,
    /** Entity-type pair -> gold pair count per class in the fit documents. */
    readonly typeCounts: ReadonlyMap<string, Float64Array>,
    readonly l2: number,
    readonly featureOptions: Required<PairFeatureOptions>,
  ) {
    const allowed = new Map<string, Uint8Array>();
    for (const [key, counts] of typeCounts)
      allowed.set(
        key,
        Uint8Array.from(counts, (n) => (n > 0 ? 1 : 0)),
      );
    this.allowed = allowed;
  }

  get numClasses(): number {
    return this.model.numClasses;
  }

  /**
   * [classes] log p(label id c + 1 | pair): the softmax over `allowed` (1 = may be predicted;
   * default the types seen for the entity-type pair, every type for an unseen pair),
   * -Infinity elsewhere. Features the typer never saw are ignored.
   */
  logProbabilities(
    features: readonly string[],
    typePair: string,
    allowed?: Uint8Array,
  ): Float64Array {
    return logProbabilities(
      this.model,
      this.index.encode(features),
      allowed ?? this.allowed.get(typePair) ?? null,
    );
  }

  /**
   * [classes] log prior of each type for an entity-type pair: the fit counts + 1 over the
   * types `allowed` admits (default: the seen ones), -Infinity elsewhere.
   */
  logPrior(typePair: string, allowed?: Uint8Array): Float64Array {
    const counts = this.typeCounts.get(typePair);
    const mask = allowed ?? this.allowed.get(typePair);
    const smoothed = Float64Array.from({ length: this.numClasses }, (_, c) =>
      !mask || mask[c] ? (counts?.[c] ?? 0) + 1 : 0,
    );
    const total = smoothed.reduce((a, b) => a + b, 0);
    return smoothed.map((x) => (x > 0 ? Math.log(x / total) : Number.NEGATIVE_INFINITY));
  }

  /** Mean log-loss and accuracy on the gold-related pairs of `inputs` (held-out data). */
  quality(inputs: TyperInputs): { logLoss: number; accuracy: number; n: number } {
    let loss = 0;
    let right = 0;
    let n = 0;
    inputs.labelIds.forEach((label, i) => {
      if (label === 0) return;
      const logp = this.logProbabilities(
        inputs.features[i] as string[],
        inputs.typePairs[i] as string,
      );
      let best = 0;
      for (let c = 1; c < logp.length; c++)
        if ((logp[c] as number) > (logp[best] as number)) best = c;
      // a gold type the typer does not allow for this entity-type pair costs a capped loss
      loss -= Math.max(logp[label - 1] as number, Math.log(1e-6));
      if (best === label - 1) right++;
      n++;
    });
    return { logLoss: n === 0 ? 0 : loss / n, accuracy: n === 0 ? 0 : right / n, n };
  }

  toJSON(): LinearTyperJson {
    const bytes = new Uint8Array(this.model.weights.length * 8);
    const view = new DataView(bytes.buffer);
    this.model.weights.forEach((w, i) => {
      view.setFloat64(i * 8, w, true);
    });
    return {
      format: TYPER_FORMAT,
      version: 1,
      labels: [...this.labels],
      l2: this.l2,
      featureOptions: { ...this.featureOptions },
      features: this.index.names(),
      typeCounts: Object.fromEntries([...this.typeCounts].map(([k, v]) => [k, [...v]])),
      weights: Buffer.from(bytes).toString("base64"),
    };
  }

  /** Restores a typer from its JSON; throws an Error saying what is wrong with it. */
  static fromJSON(value: unknown): LinearTyper {
    const json = value as Partial<LinearTyperJson> | null;
    if (!json || json.format !== TYPER_FORMAT || json.version !== 1)
      throw new Error(`not a ${TYPER_FORMAT} v1`);
    const { labels, features, typeCounts, weights, l2, featureOptions } = json;
    if (!Array.isArray(labels) || labels.length < 2 || !labels.every((l) => typeof l === "string"))
      throw new Error("labels is not a list of at least 2 strings");
    if (!Array.isArray(features) || !features.every((f) => typeof f === "string"))
      throw new Error("features is not a list of strings");
    if (typeof l2 !== "number" || !(l2 >= 0)) throw new Error("l2 is not a number >= 0");
    const numClasses = labels.length - 1;
    const counts = new Map<string, Float64Array>();
    for (const [key, row] of Object.entries(typeCounts ?? {})) {
      if (!Array.isArray(row) || row.length !== numClasses || !row.every((n) => n >= 0))
        throw new Error(`typeCounts[${JSON.stringify(key)}] is not ${numClasses} counts`);
      counts.set(key, Float64Array.from(row));
    }
    const bytes = typeof weights === "string" ? Buffer.from(weights, "base64") : undefined;
    if (!bytes || bytes.byteLength !== features.length * numClasses * 8)
      throw new Error(`weights are not ${features.length} x ${numClasses} float64 values`);
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const w = Float64Array.from({ length: features.length * numClasses }, (_, i) =>
      view.getFloat64(i * 8, true),
    );
    if (!w.every(Number.isFinite)) throw new Error("weights hold NaN or infinite values");
    const index = FeatureIndex.frozenFrom(features);
    const options = {
      typedWords: featureOptions?.typedWords === true,
      sentenceWords: featureOptions?.sentenceWords === true,
    };
    const model = { numFeatures: features.length, numClasses, weights: w };
    return new LinearTyper(labels, index, model, counts, l2, options);
  }
}
