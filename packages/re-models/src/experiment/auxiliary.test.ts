import { type BioCDocument, readCollection } from "@biore/bioc-io";
import { CDR_SCHEMA, TYPE_MAPPING_PRESETS, buildDataset } from "@biore/relation-dataset";
import { dataFile, haveData } from "@biore/test-data";
import { beforeAll, describe, expect, it } from "vitest";
import { encodeAuxiliary } from "./auxiliary.js";

const bioredTrain = dataFile("biored", "Train.BioC.XML");
const bioredDev = dataFile("biored", "Dev.BioC.XML");
const cdrTrain = dataFile("cdr", "CDR_TrainingSet.BioC.xml");
const cdrDev = dataFile("cdr", "CDR_DevelopmentSet.BioC.xml");
const present = haveData(bioredTrain, bioredDev, cdrTrain, cdrDev);

let train: BioCDocument[] = [];
let dev: BioCDocument[] = [];
let cdr: BioCDocument[] = [];
beforeAll(async () => {
  if (!present) return;
  const quiet = { onWarning: () => undefined };
  train = (await readCollection(bioredTrain, quiet)).documents;
  dev = (await readCollection(bioredDev, quiet)).documents;
  cdr = [
    ...(await readCollection(cdrTrain, quiet)).documents,
    ...(await readCollection(cdrDev, quiet)).documents,
  ];
});

describe.runIf(present)("encodeAuxiliary on CDR beside BioRED", () => {
  it("leaves out every BioRED Train and Dev abstract (16 Dev and 85 Train PMIDs are in CDR) and encodes the rest with BioRED's vocabularies", () => {
    const fitted = buildDataset(train.slice(0, 20), {
      pairFilter: "seen-type-pairs",
      tokenizerOptions: { maxVocabSize: 2000 },
    });
    const devIds = new Set(dev.map((d) => d.id));
    const trainIds = new Set(train.map((d) => d.id));
    const { task, excluded, report } = encodeAuxiliary(fitted, cdr, {
      name: "cdr",
      schema: CDR_SCHEMA,
      typeMap: TYPE_MAPPING_PRESETS.cdr,
      exclude: [...devIds, ...trainIds],
      maxTokens: 96,
    });
    expect(excluded.filter((id) => devIds.has(id))).toHaveLength(16);
    expect(excluded.filter((id) => trainIds.has(id))).toHaveLength(85);
    expect(task.documents).toHaveLength(cdr.length - 101);
    const kept = new Set(task.documents.map((d) => d.documentId));
    for (const id of [...devIds, ...trainIds]) expect(kept.has(id)).toBe(false);
    // CDR's own label space; entity types mapped onto BioRED's; the BioRED tokenizer reused
    expect(task.labels).toEqual(["None", "CID"]);
    expect(report.pairsByLabel.CID).toBeGreaterThan(1500);
    const types = fitted.entityTypes;
    const chemical = types.id("ChemicalEntity");
    const disease = types.id("DiseaseOrPhenotypicFeature");
    expect(chemical).toBeGreaterThan(0);
    expect(disease).toBeGreaterThan(0);
    for (const d of task.documents.slice(0, 50)) {
      for (const t of d.conceptTypeIds) expect([chemical, disease]).toContain(t);
      for (const id of d.tokenIds) expect(id).toBeLessThan(fitted.tokenizer.vocabSize);
    }
  });

  it("refuses entity types the model does not know, naming the corpus", () => {
    const fitted = buildDataset(train.slice(0, 5), { pairFilter: "seen-type-pairs" });
    expect(() =>
      encodeAuxiliary(fitted, cdr.slice(0, 5), { name: "cdr-unmapped", schema: CDR_SCHEMA }),
    ).toThrow(/does not know: (Chemical|Disease).*auxiliary corpus "cdr-unmapped"/);
  });
});
