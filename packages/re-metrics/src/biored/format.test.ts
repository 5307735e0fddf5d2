import { describe, expect, it } from "vitest";
import { formatBioredScores } from "./format.js";
import { bioredScores } from "./scores.js";

describe("formatBioredScores", () => {
  it("tabulates every level and type, with notes on duplicates and unknown documents", () => {
    const typed = { entity1Type: "GeneOrGeneProduct", entity2Type: "GeneOrGeneProduct" };
    const gold = [
      { documentId: "d1", entity1: "A", entity2: "B", type: "Bind", novel: true, ...typed },
      { documentId: "d1", entity1: "A", entity2: "C", type: "Association", novel: false, ...typed },
    ];
    const predicted = [
      { documentId: "d1", entity1: "B", entity2: "A", type: "Bind", novel: true, ...typed },
      { documentId: "d1", entity1: "A", entity2: "B", type: "Bind", novel: false, ...typed },
      { documentId: "d2", entity1: "X", entity2: "Y", type: "Bind", novel: true, ...typed },
    ];
    // pair: AB matched, AC missed, XY (unknown document) FP -> tp 1, fp 1, fn 1 -> 0.5000
    // all: (AB, Bind, Novel) matched; (AB, Bind, No) and XY FP; AC missed -> tp 1, fp 2, fn 1
    const tables = formatBioredScores(bioredScores(gold, predicted));
    const lines = tables.text.split("\n");
    expect(lines[0]).toBe(
      `level${" ".repeat(15)} precision    recall        f1        tp        fp        fn`,
    );
    expect(lines[1]).toBe(
      `entity pair${" ".repeat(9)}    0.5000    0.5000    0.5000         1         1         1`,
    );
    expect(tables.text).toContain(
      "repeated pairs (each distinct relation counted once): 0 gold, 1 predicted (1 with a different type or novelty)",
    );
    expect(tables.text).toContain("predictions for 1 documents not in gold");
    expect(tables.markdown).toContain(
      "| all (type + novelty) | 0.3333 | 0.5000 | 0.4000 | 1 | 2 | 1 |",
    );
    expect(tables.markdown).toContain("| Association | 0.0000 | 0.0000 | 0.0000 | 0 | 0 | 1 |");
  });
});
