// Round 6.0 (summaries/refit-round60.md): a network refitted on its fit documents and its
// selection slice together. Its scores of the slice are in-sample, so the slice cannot choose its
// epoch or place its None cut; its standard twin (same split and seed, the slice held out) does
// both, and the refit network's evaluation scores are read at that epoch and cut.
import { type SavedRun, type SetScores, fuseWithTyper } from "./saved-runs.js";

/** Whether `refit` is `standard`'s twin: the same split and seed, refitted. */
export const isTwinOf = (standard: SavedRun, refit: SavedRun) =>
  !standard.refit &&
  refit.refit &&
  standard.seed === refit.seed &&
  standard.objective === refit.objective &&
  standard.fold === refit.fold &&
  standard.evaluationFold === refit.evaluationFold &&
  standard.selectionFold === refit.selectionFold;

/**
 * The refit network as its standard twin decides it: the twin's selection scores (so its epoch
 * and its cut) beside the refit network's evaluation scores, the split's typer (fitted on the fit
 * documents, as round 5.6 found a refit typer no better) and the twin's novelty calls.
 */
export function refitDecidedBy(standard: SavedRun, refit: SavedRun): SavedRun {
  if (!isTwinOf(standard, refit)) throw new Error(`${refit.name} is not ${standard.name} refitted`);
  const netAt = (epoch: number): SetScores => ({
    selection: standard.netAt(epoch).selection,
    evaluation: refit.netAt(epoch).evaluation,
  });
  const net = netAt(standard.epoch);
  const { masked: _masked, windowWeights: _weights, ...twin } = standard;
  return {
    ...twin,
    name: refit.name,
    refit: true,
    seconds: refit.seconds,
    net,
    fused: fuseWithTyper(standard.split, net),
    netAt,
  };
}
