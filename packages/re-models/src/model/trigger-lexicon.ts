import * as tf from "@tensorflow/tfjs-core";
import type { BatchTensors } from "./batch-inputs.js";
import { gatherRows } from "./ops.js";
import { pairSpanMeans } from "./span-means.js";

/**
 * A small fixed lexicon of relation trigger words, one class per BioRED-like
 * relation type. Hand-written (not learned) from the BioRED annotation guideline's
 * type definitions and the usual biomedical trigger verbs ("X induces Y",
 * "X inhibits Y", "X binds Y", "X is associated with Y"). An entry ending in `*`
 * matches any word starting with it; any other entry matches the whole word only.
 */
export const TRIGGER_CLASSES: readonly { name: string; words: readonly string[] }[] = [
  {
    name: "positive",
    words: [
      "increas*",
      "activat*",
      "enhanc*",
      "induc*",
      "upregulat*",
      "up-regulat*",
      "elevat*",
      "stimulat*",
      "promot*",
      "augment*",
      "potentiat*",
      "caus*",
      "rais*",
      "higher",
      "overexpress*",
    ],
  },
  {
    name: "negative",
    words: [
      "decreas*",
      "inhibit*",
      "suppress*",
      "reduc*",
      "block*",
      "downregulat*",
      "down-regulat*",
      "treat*",
      "prevent*",
      "protect*",
      "attenuat*",
      "lower*",
      "abolish*",
      "antagon*",
      "ameliorat*",
      "alleviat*",
      "diminish*",
      "impair*",
      "therap*",
    ],
  },
  {
    name: "bind",
    words: [
      "bind*",
      "bound",
      "interact*",
      "complex*",
      "phosphorylat*",
      "recruit*",
      "ligand*",
      "recept*",
      "affinity",
      "dock*",
    ],
  },
  {
    name: "association",
    words: [
      "associat*",
      "correlat*",
      "link*",
      "risk*",
      "mutation*",
      "mutant*",
      "variant*",
      "polymorphism*",
      "carrier*",
      "susceptib*",
      "predispos*",
      "genotyp*",
    ],
  },
  { name: "comparison", words: ["compar*", "versus", "vs", "than", "superior*", "inferior*"] },
  {
    name: "cotreatment",
    words: ["combin*", "co-administ*", "coadminist*", "plus", "together", "adjunct*", "regimen*"],
  },
  { name: "drug-interaction", words: ["drug-drug", "pharmacokinetic*", "coadministered"] },
  { name: "conversion", words: ["convert*", "conversion*", "metaboli*", "hydroly*", "catalyz*"] },
];

/** Number of trigger classes (the lexicon table's width). */
export const NUM_TRIGGER_CLASSES = TRIGGER_CLASSES.length;

/** The trigger class of one lower-cased word, or -1. The first class that matches wins. */
export function triggerClassOf(word: string): number {
  const w = word.toLowerCase();
  for (let c = 0; c < TRIGGER_CLASSES.length; c++) {
    for (const entry of (TRIGGER_CLASSES[c] as { words: readonly string[] }).words) {
      const hit = entry.endsWith("*") ? w.startsWith(entry.slice(0, -1)) : w === entry;
      if (hit) return c;
    }
  }
  return -1;
}

/**
 * [vocabSize, classes] one-hot rows: each vocabulary entry's trigger class
 * (word-piece continuations `##…` and special tokens never match). Frequent
 * trigger words are whole entries of a fitted vocabulary, so matching entries
 * reuses the token ids the lexical path already reads.
 */
export function triggerLexiconValues(vocab: readonly string[]): Float32Array {
  const k = NUM_TRIGGER_CLASSES;
  const values = new Float32Array(vocab.length * k);
  vocab.forEach((token, id) => {
    if (token.startsWith("##") || token.startsWith("[")) return;
    const c = triggerClassOf(token);
    if (c >= 0) values[id * k + c] = 1;
  });
  return values;
}

/** Parameter names of the trigger path. */
export const TRIGGER_PARAMS = {
  /** The fixed lexicon table (not trained; set from the tokenizer, saved with the weights). */
  lexicon: "trigger/lexicon",
  /** [2 * classes, labels] trainable weights from the trigger features to the relation logits. */
  kernel: "trigger/kernel",
} as const;

/**
 * Like the lexical path's scale: the features are fractions of ~10 words and Adam
 * moves a weight by about the learning rate per step, so unscaled the path would
 * stay far below the deep logits.
 */
const TRIGGER_SCALE = 10;

/**
 * [P, 2 * classes] each pair's trigger features: per class, the fraction of the
 * (non-entity) words between its closest mentions, then of the words of its
 * sentences (mean over them), that are trigger words of that class — the
 * lexical path's two spans.
 */
export function triggerFeatures(batch: BatchTensors, lexicon: tf.Tensor2D): tf.Tensor2D {
  const tokens = tf.mul(gatherRows(lexicon, batch.tokenIds), batch.lexicalMask) as tf.Tensor2D;
  const { between, context } = pairSpanMeans(batch, tokens, tokens);
  return tf.concat([between, context], 1) as tf.Tensor2D;
}

/** [P, L] the trigger path's contribution to the relation logits. */
export function triggerLogits(batch: BatchTensors, w: (name: string) => tf.Variable): tf.Tensor2D {
  const features = triggerFeatures(batch, w(TRIGGER_PARAMS.lexicon) as tf.Tensor2D);
  return tf.mul(tf.matMul(features, w(TRIGGER_PARAMS.kernel)), TRIGGER_SCALE) as tf.Tensor2D;
}
