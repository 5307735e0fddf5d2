// Round 5.2's rule for which pairs are related (summaries/expected-gain-round52.md): a pair's
// margin over None becomes its expected gain for (pair F1 + pair+type F1) / 2. That is
// log r + log((1 + q) / 2), with r the network's probability of any relation (the log-sum-exp of
// its type logits against None) and q the fused type's softmax probability among the allowed
// types. The fused logits still pick the type: they are shifted by one constant per pair, as
// `typesOnly` fusion does.
import { isMaskedLogit } from "../../src/model/type-mask.js";
import type { PairScores } from "../../src/model/relation-model.js";
import type { SetScores } from "./saved-runs.js";

/** `fused` with each pair's type logits shifted so their best's margin is the expected gain. */
export function expectedGainScores(net: PairScores, fused: PairScores): PairScores {
  const l = fused.numLabels;
  if (net.numPairs !== fused.numPairs || net.numLabels !== l)
    throw new Error("expectedGainScores: the network and fused scores are of other pairs");
  const logits = Float32Array.from(fused.relationLogits);
  for (let p = 0; p < fused.numPairs; p++) {
    const row = p * l;
    const allowed: number[] = [];
    for (let k = 1; k < l; k++) if (!isMaskedLogit(logits[row + k] as number)) allowed.push(k);
    if (allowed.length === 0) continue;
    const fusedOf = (k: number) => logits[row + k] as number;
    const fusedBest = Math.max(...allowed.map(fusedOf));
    const q = 1 / allowed.reduce((s, k) => s + Math.exp(fusedOf(k) - fusedBest), 0);
    const netOf = (k: number) => net.relationLogits[row + k] as number;
    const netBest = Math.max(...allowed.map(netOf));
    const related =
      netBest + Math.log(allowed.reduce((s, k) => s + Math.exp(netOf(k) - netBest), 0));
    const shift = related + Math.log((1 + q) / 2) - fusedBest;
    for (const k of allowed) logits[row + k] = fusedOf(k) + shift;
  }
  return { ...fused, relationLogits: logits };
}

/** Both sets of a split under the expected-gain rule. */
export const expectedGainSetScores = (net: SetScores, fused: SetScores): SetScores => ({
  selection: expectedGainScores(net.selection, fused.selection),
  evaluation: expectedGainScores(net.evaluation, fused.evaluation),
});
