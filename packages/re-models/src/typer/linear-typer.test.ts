import { buildDataset } from "@biore/relation-dataset";
import { describe, expect, it } from "vitest";
import { bioredLikeDocuments } from "../test-support/biored-like.js";
import { documentWords, pairFeatures } from "./features.js";
import { fitLinearTyper } from "./fit-typer.js";
import { typerInputs } from "./inputs.js";
import { LinearTyper } from "./linear-typer.js";

const fitDocuments = bioredLikeDocuments(12);
const heldOutDocuments = bioredLikeDocuments(4, 50);
const fit = buildDataset(fitDocuments, { pairFilter: "seen-type-pairs" });
const heldOut = buildDataset(heldOutDocuments, {
  tokenizer: fit.tokenizer,
  labelSpace: fit.labelSpace,
  entityTypes: fit.entityTypes,
  pairFilter: new Set(fit.allowedTypePairs ?? []),
});
const labels = fit.labelSpace.labels;

describe("typer features", () => {
  it("are the same for the same pair every time, and read the words between the mentions", () => {
    const words = documentWords(fitDocuments[0]!, fit.concepts[0] ?? []);
    const pair = fit.pairs[0]!.find((p) => p.label === "Bind")!;
    const once = pairFeatures(words, pair);
    const again = pairFeatures(documentWords(fitDocuments[0]!, fit.concepts[0] ?? []), pair);
    expect(again).toEqual(once);
    expect(once).toContain("between:binds");
    expect(once).toContain("trigger-between=bind");
    expect(once).toContain("sentence-distance=0");
    expect(typerInputs(fit, fitDocuments)).toEqual(typerInputs(fit, fitDocuments));
  });

  it("line up with the encoded pairs and refuse documents that are not behind them", () => {
    const inputs = typerInputs(fit, fitDocuments);
    expect(inputs.features.length).toBe(fit.pairs.flat().length);
    expect([...inputs.labelIds]).toEqual(fit.pairs.flat().map((p) => labels.indexOf(p.label)));
    expect(() => typerInputs(fit, heldOutDocuments)).toThrow(/not among the documents/);
  });
});

describe("fitLinearTyper / LinearTyper", () => {
  const fitInputs = typerInputs(fit, fitDocuments);
  const heldOutInputs = typerInputs(heldOut, heldOutDocuments);

  it("types held-out gold pairs right and chooses its L2 on the held-out slice", () => {
    const { typer, grid } = fitLinearTyper(fitInputs, { labels, heldOut: heldOutInputs });
    expect(grid.map((g) => g.l2)).toEqual([1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2, 1e-1]);
    const best = Math.min(...grid.map((g) => g.logLoss));
    expect(grid.find((g) => g.l2 === typer.l2)?.logLoss).toBe(best);
    expect(typer.quality(heldOutInputs).accuracy).toBe(1);
  });

  it("restricts each pair's types to those seen for its entity-type pair", () => {
    const { typer } = fitLinearTyper(fitInputs, { labels, l2: 1e-3 });
    const bind = labels.indexOf("Bind") - 1;
    const positive = labels.indexOf("Positive_Correlation") - 1;
    // chemical-gene pairs only ever Bind in the fit documents: the typer cannot say otherwise
    const i = fitInputs.labelIds.findIndex((l) => l === bind + 1);
    const logp = typer.logProbabilities(fitInputs.features[i]!, fitInputs.typePairs[i]!);
    expect(logp[bind]).toBe(0);
    expect(logp[positive]).toBe(Number.NEGATIVE_INFINITY);
    // given a wider mask it spreads probability over it
    const open = typer.logProbabilities(
      fitInputs.features[i]!,
      fitInputs.typePairs[i]!,
      new Uint8Array(labels.length - 1).fill(1),
    );
    expect(open.every(Number.isFinite)).toBe(true);
    expect(typer.logPrior(fitInputs.typePairs[i]!)[bind]).toBe(0);
  });

  it("round-trips through JSON with identical log-probabilities", () => {
    const { typer } = fitLinearTyper(fitInputs, { labels, l2: 3e-3 });
    const copy = LinearTyper.fromJSON(JSON.parse(JSON.stringify(typer.toJSON())));
    expect(copy.l2).toBe(typer.l2);
    expect(copy.index.names()).toEqual(typer.index.names());
    heldOutInputs.features.forEach((features, p) => {
      const typePair = heldOutInputs.typePairs[p]!;
      expect(copy.logProbabilities(features, typePair)).toEqual(
        typer.logProbabilities(features, typePair),
      );
    });
    const json = typer.toJSON();
    expect(() => LinearTyper.fromJSON({ ...json, weights: "AAAA" })).toThrow(/float64/);
    expect(() => LinearTyper.fromJSON({ ...json, format: "x" })).toThrow(/not a/);
  });

  it("refuses a grid without held-out pairs and fit documents without relations", () => {
    expect(() => fitLinearTyper(fitInputs, { labels, l2: [1e-3, 1e-2] })).toThrow(/held-out/);
    const none = { ...fitInputs, labelIds: new Int32Array(fitInputs.labelIds.length) };
    expect(() => fitLinearTyper(none, { labels })).toThrow(/no gold relations/);
  });
});
