import { segmentLogSumExp, sparseDenseMatMul } from "@biore/tfjs-kernels";
import * as tf from "@tensorflow/tfjs-core";
import type { ModelConfig } from "../config.js";
import { deriveSeed } from "../random.js";
import type { BatchTensors } from "./batch-inputs.js";
import { localPairLogits } from "./local-pairs.js";
import { dense, gatherRows, maybeDropout } from "./ops.js";
import { PAIR_ATTENTION_PARAMS, pairAttentionContext } from "./pair-attention.js";
import {
  CONCEPT_PARAMS,
  PAIR_INTERACTION_PARAMS,
  PROJECTION_PREFIX,
  type ParamStore,
  TYPE_MASK_PARAM,
} from "./params.js";
import { tokenEncoderOf } from "./token-encoder.js";
import { pairSpanMeans } from "./span-means.js";
import { triggerLogits } from "./trigger-lexicon.js";

/** What one forward pass gives for the P candidate pairs of a batch. */
export interface ForwardOutput {
  /** [P, D] pair embeddings (input of every head). */
  pairEmbedding: tf.Tensor2D;
  /** [P, L] relation-type logits, column 0 = None. */
  relationLogits: tf.Tensor2D;
  /** [P] novelty logits. */
  noveltyLogits: tf.Tensor1D;
  /** [P, K] contrastive projection (only when asked for). */
  projection?: tf.Tensor2D;
  /** [B*C] concept-participation logits (`conceptGate` models only). */
  conceptLogits?: tf.Tensor1D;
}

/** Options of a forward pass. */
export interface ForwardOptions {
  /** Seed of this step's dropout masks; dropout is off when undefined (inference). */
  dropoutSeed?: number;
  /** Also compute the projection head. */
  withProjection?: boolean;
}

/**
 * [P, H] context of each pair: log-sum-exp over the tokens of each sentence
 * (a soft max-pool that keeps trigger words such as "induced" or "binds"; one
 * segment op), averaged over the pair's sentences (a sparse [P, B*S] product).
 */
function pairContext(x: tf.Tensor3D, batch: BatchTensors): tf.Tensor2D {
  const { batchSize: b, maxSentences: s } = batch.arrays;
  const sentences = segmentLogSumExp(x, batch.arrays.tokenSentence, s); // [B, S, H]
  return sparseDenseMatMul(batch.arrays.pairSentences, tf.reshape(sentences, [b * s, x.shape[2]]));
}

/**
 * [P, H] mean of the token states between each pair's mentions where they
 * share a sentence (zeros when they never do): a sparse [P, B*T] product.
 */
function betweenContext(x: tf.Tensor3D, batch: BatchTensors): tf.Tensor2D {
  const { batchSize: b, maxTokens: t } = batch.arrays;
  return sparseDenseMatMul(batch.arrays.pairBetween, tf.reshape(x, [b * t, x.shape[2]]));
}

/**
 * The lexical path's weights act through means over ~10 words, and Adam moves
 * each weight by about the learning rate per step: unscaled, the path stays
 * far below the deep logits (measured: no effect on Dev). Scaling makes a
 * word's weight count like a linear model's.
 */
const LEXICAL_SCALE = 10;

/**
 * [P, L] the wide lexical path's logits: per-word + hashed-bigram weights
 * averaged over the words between the pair's mentions, plus per-word weights
 * averaged over each of the pair's sentences (entity tokens never count).
 */
function lexicalLogits(batch: BatchTensors, w: (name: string) => tf.Variable): tf.Tensor2D {
  const words = (name: string) =>
    tf.mul(gatherRows(w(name) as tf.Tensor2D, batch.tokenIds), batch.lexicalMask);
  const bigrams = tf.mul(
    gatherRows(w("lexical/bigram_kernel") as tf.Tensor2D, batch.bigramIds),
    batch.bigramMask,
  );
  const betweenTokens = tf.add(words("lexical/between_kernel"), bigrams) as tf.Tensor2D; // [B*T, L]
  // the sentence means' sparse rows hold the words only, so these need no mask
  const sentenceTokens = gatherRows(w("lexical/sentence_kernel") as tf.Tensor2D, batch.tokenIds);
  const { between, context } = pairSpanMeans(batch, betweenTokens, sentenceTokens);
  return tf.mul(tf.add(between, context), LEXICAL_SCALE) as tf.Tensor2D;
}

/**
 * The relation logits with each pair's None logit raised by -(log sigmoid(c_head) + log
 * sigmoid(c_tail)): the less likely its concepts take part in any relation, the more
 * evidence a pair needs (the type logits keep their order).
 */
function conceptGated(
  relationLogits: tf.Tensor2D,
  conceptLogits: tf.Tensor1D,
  batch: BatchTensors,
  numLabels: number,
): tf.Tensor2D {
  const participation = tf.logSigmoid(conceptLogits);
  const gate = tf.add(
    tf.gather(participation, batch.pairHead),
    tf.gather(participation, batch.pairTail),
  ); // [P], <= 0
  const noneColumn = tf.tensor2d([Array.from({ length: numLabels }, (_, k) => (k === 0 ? 1 : 0))]); // [1, L]
  return tf.sub(relationLogits, tf.mul(tf.reshape(gate, [-1, 1]), noneColumn)) as tf.Tensor2D;
}

/**
 * [P, D] each pair's embedding plus, through a trained layer (residual), the mean embedding
 * of every pair its head concept takes part in and of every pair its tail concept takes part
 * in (itself included): one message pass over the pair graph of each document.
 */
function withPairInteraction(
  pairEmbedding: tf.Tensor2D,
  batch: BatchTensors,
  w: (name: string) => tf.Variable,
  conceptRows: number,
): tf.Tensor2D {
  const ids = tf.concat([batch.pairHead, batch.pairTail]) as tf.Tensor1D; // [2P]
  const sums = tf.unsortedSegmentSum(
    tf.concat([pairEmbedding, pairEmbedding], 0),
    ids,
    conceptRows,
  );
  const counts = tf.unsortedSegmentSum(tf.ones([ids.shape[0], 1]), ids, conceptRows);
  const means = tf.div(sums, tf.maximum(counts, 1)) as tf.Tensor2D; // [B*C, D]
  const input = tf.concat(
    [pairEmbedding, gatherRows(means, batch.pairHead), gatherRows(means, batch.pairTail)],
    1,
  ) as tf.Tensor2D;
  const message = dense(
    input,
    w(PAIR_INTERACTION_PARAMS.kernel),
    w(PAIR_INTERACTION_PARAMS.bias),
    "relu",
  );
  return tf.add(pairEmbedding, message) as tf.Tensor2D;
}

function param(params: ParamStore, name: string): tf.Variable {
  const value = params.get(name);
  if (!value) throw new Error(`missing parameter ${name}`);
  return value;
}

/**
 * The whole network: reads every document of the batch once, pools mentions into
 * concepts (log-sum-exp, one segment op) and scores every candidate pair.
 * Call inside `tf.tidy` or a gradient function.
 */
export function forward(
  params: ParamStore,
  config: ModelConfig,
  batch: BatchTensors,
  options: ForwardOptions = {},
): ForwardOutput {
  const { batchSize: b, maxConcepts: c } = batch.arrays;
  const h = config.hiddenDim;
  const seed = options.dropoutSeed;
  const rate = config.dropout;
  const drop = (x: tf.Tensor, k: number) =>
    maybeDropout(x, rate, seed === undefined ? undefined : deriveSeed(seed, k));
  const w = (name: string) => param(params, name);

  // Tokens: [B, T, H] states from the model's token encoder (built-in conv, BERT, a user's own).
  const x = tokenEncoderOf(config).encode(
    w,
    batch,
    seed === undefined ? undefined : deriveSeed(seed, 30),
  );

  // Mentions: mean over their tokens; concepts: log-sum-exp over their mentions.
  const { maxTokens: t, maxMentions: m } = batch.arrays;
  const tokens = tf.reshape(x, [b * t, h]) as tf.Tensor2D;
  const mentions = tf.reshape(sparseDenseMatMul(batch.arrays.mentionWeights, tokens), [
    b,
    m,
    h,
  ]) as tf.Tensor3D; // [B, M, H]
  const pooled = segmentLogSumExp(mentions, batch.arrays.mentionConcept, c); // [B, C, H]
  const concepts = drop(
    tf.mul(tf.reshape(pooled, [b * c, h]), batch.conceptValid),
    0,
  ) as tf.Tensor2D;

  // Pairs: [h, t, h*t, |h-t|, context, features, type-pair embedding] -> MLP -> pair embedding
  // (with `pairAttention`, the pair's attended document context joins the hidden layer).
  const head = gatherRows(concepts, batch.pairHead);
  const tail = gatherRows(concepts, batch.pairTail);
  const typePair = gatherRows(w("pair/type_pair_embedding") as tf.Tensor2D, batch.typePairs);
  const parts = [head, tail, tf.mul(head, tail), tf.abs(tf.sub(head, tail))];
  if (config.pairContext) parts.push(drop(pairContext(x, batch), 1) as tf.Tensor2D);
  if (config.betweenContext) parts.push(drop(betweenContext(x, batch), 2) as tf.Tensor2D);
  const pairInput = tf.concat([...parts, batch.pairFeatures, typePair], 1) as tf.Tensor2D;
  const hiddenLayer = config.pairAttention
    ? tf.relu(
        tf.add(
          dense(pairInput, w("pair/hidden_kernel"), w("pair/hidden_bias")),
          tf.matMul(
            drop(pairAttentionContext(x, head, tail, batch, w), 3) as tf.Tensor2D,
            w(PAIR_ATTENTION_PARAMS.value) as tf.Tensor2D,
          ),
        ),
      )
    : dense(pairInput, w("pair/hidden_kernel"), w("pair/hidden_bias"), "relu");
  const hidden = drop(hiddenLayer, 20);
  let pairEmbedding = dense(
    hidden as tf.Tensor2D,
    w("pair/out_kernel"),
    w("pair/out_bias"),
    "relu",
  );
  if (config.pairInteraction) pairEmbedding = withPairInteraction(pairEmbedding, batch, w, b * c);
  const headInput = drop(pairEmbedding, 21) as tf.Tensor2D;

  let relationLogits = dense(headInput, w("relation/kernel"), w("relation/bias"));
  if (config.lexical) relationLogits = tf.add(relationLogits, lexicalLogits(batch, w));
  if (config.triggerLexicon) relationLogits = tf.add(relationLogits, triggerLogits(batch, w));
  if (config.localPairs) {
    const flatMentions = tf.reshape(mentions, [-1, h]) as tf.Tensor2D;
    const local = localPairLogits(flatMentions, batch.local, w, config.numLabels, (t) =>
      drop(t, 22),
    );
    relationLogits = tf.add(relationLogits, local);
  }
  // unseen (entity-type pair, type) combinations: a large negative constant, in training too
  if (config.typeMask)
    relationLogits = tf.add(
      relationLogits,
      gatherRows(w(TYPE_MASK_PARAM) as tf.Tensor2D, batch.typePairs),
    );
  let conceptLogits: tf.Tensor1D | undefined;
  if (config.conceptGate) {
    conceptLogits = tf.reshape(
      dense(concepts, w(CONCEPT_PARAMS.kernel), w(CONCEPT_PARAMS.bias)),
      [-1],
    ) as tf.Tensor1D;
    relationLogits = conceptGated(relationLogits, conceptLogits, batch, config.numLabels);
  }
  const noveltyLogits = tf.reshape(
    dense(headInput, w("novelty/kernel"), w("novelty/bias")),
    [-1],
  ) as tf.Tensor1D;
  const output: ForwardOutput = { pairEmbedding, relationLogits, noveltyLogits };
  if (conceptLogits) output.conceptLogits = conceptLogits;
  if (options.withProjection) {
    const p = PROJECTION_PREFIX;
    const projHidden = dense(pairEmbedding, w(`${p}hidden_kernel`), w(`${p}hidden_bias`), "relu");
    output.projection = dense(projHidden as tf.Tensor2D, w(`${p}out_kernel`), w(`${p}out_bias`));
  }
  return output;
}
