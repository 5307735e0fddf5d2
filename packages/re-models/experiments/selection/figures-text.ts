// How the ensemble analyses (crossfit-, types-only-, mixed-, arm-ensemble.ts) print figures and the
// gates' statistic.
import type { EvaluationFigures } from "./saved-runs.js";

/** A fraction in points, one decimal. */
export const points = (x: number) => (100 * x).toFixed(1);

/** "pair / +type / all" F1 in points. */
export const figureCells = (f: EvaluationFigures) =>
  `${points(f.pair)} / ${points(f.pairType)} / ${points(f.all)}`;

/** Δ (pair F1 + pair+type F1) / 2 of `f` over `g`, in points: the gates' statistic. */
export const deltaHalf = (f: EvaluationFigures, g: EvaluationFigures) =>
  (100 * (f.pair - g.pair + f.pairType - g.pairType)) / 2;

/** "Δ pair / Δ +type / Δ half" of `f` over `g`, in points, two decimals. */
export const deltaCells = (f: EvaluationFigures, g: EvaluationFigures) =>
  `${(100 * (f.pair - g.pair)).toFixed(2)} / ${(100 * (f.pairType - g.pairType)).toFixed(2)} / ${deltaHalf(f, g).toFixed(2)}`;
