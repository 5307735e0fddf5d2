import { readCollection } from "@biore/bioc-io";
import { dataFile, haveData } from "@biore/test-data";
import { describe, expect, it } from "vitest";
import { bootstrapCI } from "../uncertainty/bootstrap.js";
import { bioredDocumentCounts } from "./document-counts.js";
import { relationsFromBioC } from "./from-bioc.js";
import { bioredScores, bioredScoresFromCounts } from "./scores.js";

const devJson = dataFile("biored", "Dev.BioC.JSON");
const devXml = dataFile("biored", "Dev.BioC.XML");
const trainXml = dataFile("biored", "Train.BioC.XML");

describe.runIf(haveData(devJson))("BioRED Dev (real corpus)", () => {
  it("scores gold against itself as perfect and counts every relation", async () => {
    const gold = await readCollection(devJson);
    const relations = relationsFromBioC(gold);
    // data README: Dev has 100 abstracts and 1,162 relations
    expect(gold.documents).toHaveLength(100);
    expect(relations).toHaveLength(1162);
    const s = bioredScores(gold, gold);
    expect(s.all).toMatchObject({ tp: 1162, fp: 0, fn: 0, f1: 1 });
    expect(s.duplicates).toEqual({ gold: 0, predicted: 0, conflictingPredicted: 0 });
    // Dev has no relation of a type pair NCBI excludes.
    expect(s.excluded).toEqual({ gold: 0, predicted: 0 });
  });

  it("scores a perturbed prediction with counts that follow from the perturbation", async () => {
    const gold = relationsFromBioC(await readCollection(devJson));
    // Every 4th relation dropped (FN at all levels), every 5th kept one gets its type
    // changed (FP+FN at pair+type and all), every 7th kept one gets novelty flipped.
    let dropped = 0;
    let typeChanged = 0;
    let novelFlipped = 0;
    let both = 0;
    const predicted = gold.flatMap((r, i) => {
      if (i % 4 === 0) {
        dropped++;
        return [];
      }
      const changeType = i % 5 === 0;
      const flipNovel = i % 7 === 0;
      if (changeType) typeChanged++;
      if (flipNovel) novelFlipped++;
      if (changeType && flipNovel) both++;
      return [
        {
          ...r,
          type: changeType ? `${r.type}_wrong` : r.type,
          novel: flipNovel ? !r.novel : r.novel,
        },
      ];
    });
    const s = bioredScores(gold, predicted);
    const kept = gold.length - dropped;
    expect(s.pair).toMatchObject({ tp: kept, fp: 0, fn: dropped });
    expect(s.pairType).toMatchObject({
      tp: kept - typeChanged,
      fp: typeChanged,
      fn: dropped + typeChanged,
    });
    expect(s.pairNovelty).toMatchObject({ tp: kept - novelFlipped, fp: novelFlipped });
    const wrongAll = typeChanged + novelFlipped - both;
    expect(s.all).toMatchObject({ tp: kept - wrongAll, fp: wrongAll, fn: dropped + wrongAll });

    // Bootstrap over documents: the interval brackets the point estimate.
    const counts = bioredDocumentCounts(gold, predicted);
    expect(bioredScoresFromCounts(counts).all.f1).toBe(s.all.f1);
    const ci = bootstrapCI(counts, (docs) => bioredScoresFromCounts(docs).all.f1, {
      iterations: 200,
      seed: 1,
    });
    expect(ci.lower).toBeLessThan(s.all.f1);
    expect(ci.upper).toBeGreaterThan(s.all.f1);
    expect(ci.upper - ci.lower).toBeLessThan(0.2);
  });
});

describe.runIf(haveData(devXml, trainXml))("BioRED XML (real corpus)", () => {
  it("reads the same Dev relations from XML as from JSON", async () => {
    const fromXml = relationsFromBioC(await readCollection(devXml));
    const fromJson = relationsFromBioC(await readCollection(devJson));
    // identical content in both formats: scoring one against the other is perfect
    expect(bioredScores(fromJson, fromXml).all).toMatchObject({ tp: 1162, fp: 0, fn: 0 });
  });

  it("extracts every Train relation (400 abstracts, 4,178 relations per the data README)", async () => {
    const train = await readCollection(trainXml);
    expect(train.documents).toHaveLength(400);
    // Every pair scored: all 4,178 relations count.
    const s = bioredScores(train, train, { rules: "all-pairs" });
    expect(s.all).toMatchObject({ tp: 4178, fp: 0, fn: 0 });
    expect(s.documents).toBe(400);
    // NCBI's rules drop Train's one GeneOrGeneProduct-SequenceVariant relation (the only
    // relation of an excluded type pair in Train; checked with a script over Train.PubTator).
    const ncbi = bioredScores(train, train);
    expect(ncbi.all).toMatchObject({ tp: 4177, fp: 0, fn: 0 });
    expect(ncbi.excluded).toEqual({ gold: 1, predicted: 1 });
    // per-type gold counts add up to the total
    const perTypeGold = Object.values(s.perType).reduce(
      (sum, t) => sum + t.pairType.tp + t.pairType.fn,
      0,
    );
    expect(perTypeGold).toBe(4178);
  });
});
