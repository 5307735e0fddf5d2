import { describe, expect, it } from "vitest";
import { expectMetricsError } from "../shared/expect-metrics-error.js";
import { bioredMacroF1 } from "./macro.js";
import type { BioredRelation } from "./relation.js";
import { bioredScores } from "./scores.js";

const rel = (entity1: string, entity2: string, type: string, novel: boolean): BioredRelation => ({
  documentId: "d1",
  entity1,
  entity2,
  type,
  novel,
  entity1Type: "ChemicalEntity",
  entity2Type: "ChemicalEntity",
});

const gold = [
  rel("A", "B", "Bind", true),
  rel("A", "C", "Bind", false),
  rel("B", "C", "Association", true),
];
// Bind: 1 of 2 found (tp 1, fn 1), novelty right -> F1 2/3 at both levels.
// Association: right type, wrong novelty -> pairType F1 1, all F1 0.
// Drug_Interaction: predicted only (a false positive of a type not asked for).
const predicted = [
  rel("A", "B", "Bind", true),
  rel("B", "C", "Association", false),
  rel("C", "D", "Drug_Interaction", false),
];
const scores = bioredScores(gold, predicted);

describe("bioredMacroF1", () => {
  it("averages each listed type's micro-F1 at the pair+type level", () => {
    expect(scores.perType.Bind?.pairType.f1).toBeCloseTo(2 / 3, 12);
    expect(bioredMacroF1(scores, ["Association", "Bind"])).toBeCloseTo((1 + 2 / 3) / 2, 12);
  });

  it("at the all level the novelty must be right too", () => {
    expect(bioredMacroF1(scores, ["Association", "Bind"], "all")).toBeCloseTo(1 / 3, 12);
  });

  it("a listed type with no relations scores 0; unlisted predicted types are left out", () => {
    expect(bioredMacroF1(scores, ["Bind", "Comparison"])).toBeCloseTo(1 / 3, 12);
    expect(bioredMacroF1(scores, ["Bind"])).toBeCloseTo(2 / 3, 12);
  });

  it("refuses an empty type list", () => {
    expectMetricsError(() => bioredMacroF1(scores, []), "EMPTY_INPUT", "types");
  });
});
