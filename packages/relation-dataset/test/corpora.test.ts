// Candidate pairs and the accounting of every gold relation on the real corpora
// (../shared/data; skipped with a message when absent, failing under REQUIRE_DATA=1).
import { readCollection } from "@biore/bioc-io";
import { dataFile, haveData } from "@biore/test-data";
import { describe, expect, it } from "vitest";
import {
  type DatasetReport,
  NODES_SCHEMA,
  type RelationDataset,
  buildCandidates,
  buildDataset,
  collate,
} from "../src/index.js";

const bioredTrain = dataFile("biored", "Train.BioC.XML");
const devXml = dataFile("biored", "Dev.BioC.XML");
const devJson = dataFile("biored", "Dev.BioC.JSON");
const devPubTator = dataFile("biored", "Dev.PubTator");
const cdrTrain = dataFile("cdr", "CDR_TrainingSet.BioC.xml");

const loaded = new Map<string, Promise<RelationDataset>>();
/** Reads and builds a file once per test run (vocabularies fitted on the file itself). */
function datasetOf(file: string): Promise<RelationDataset> {
  let ds = loaded.get(file);
  if (!ds) {
    ds = readCollection(file).then((c) => buildDataset(c.documents));
    loaded.set(file, ds);
  }
  return ds;
}

/** Every gold relation is mapped to exactly one positive pair or listed with a reason. */
function expectAllAccounted(ds: { report: DatasetReport }, gold: number): void {
  const r = ds.report;
  expect(r.goldRelations).toBe(gold);
  const positives = Object.entries(r.pairsByLabel)
    .filter(([label]) => label !== "None")
    .reduce((sum, [, n]) => sum + n, 0);
  expect(r.mappedGoldRelations).toBe(positives);
  expect(r.mappedGoldRelations + r.unmappedGoldRelations.length).toBe(gold);
  for (const u of r.unmappedGoldRelations) {
    expect(u.reason).toBeTruthy();
    expect(u.message).toContain(u.relationId);
  }
}

const unmappedRelations = (ds: RelationDataset) =>
  ds.report.unmappedGoldRelations.map((u) => [u.documentId, u.relationId, u.reason, u.head]);

describe.runIf(haveData(bioredTrain))("BioRED Train", () => {
  it("accounts for all 4,178 gold relations and pins candidate pairs per label", async () => {
    const ds = await datasetOf(bioredTrain);
    expect(ds.schema.name).toBe("biored");
    expectAllAccounted(ds, 4178);
    // The default pair filter leaves out the type pairs NCBI's BioRED evaluation never scores:
    // of all 30,830 concept pairs, 2,304 disease-disease, 1,893 gene-taxon and 1,141
    // gene-variant ones (5,338; one of them the Association of rs6232 below, the rest None).
    expect(ds.report.pairsByLabel).toEqual({
      Association: 2190,
      Bind: 60,
      Comparison: 28,
      Conversion: 3,
      Cotreatment: 31,
      Drug_Interaction: 11,
      Negative_Correlation: 763,
      None: 21318,
      Positive_Correlation: 1088,
    });
    expect(ds.report.candidatePairs).toBe(25492);
    expect(ds.report.concepts).toBe(4496);
    expect(ds.report.mentionsWithoutIdentifier).toBe(31);
    expect(ds.report.novelPairs).toEqual({ novel: 2835, notNovel: 1339 }); // rs6232's relation was novel
    // Unmapped: three relations link a concept to itself (not a pair of distinct concepts), and
    // Train's only gene-variant relation is of a type pair the evaluation does not score.
    expect(unmappedRelations(ds)).toEqual([
      ["27014915", "R19", "self-relation", "4790"],
      ["20534142", "R5", "unscored-type-pair", "rs6232"],
      ["28851297", "R7", "self-relation", "3048"],
      ["20428796", "R15", "self-relation", "4052"],
    ]);
    expect(ds.report.candidateRecall).toBeCloseTo(4174 / 4178, 10);
    // Encoded arrays agree with the pair lists, and a batch collates.
    expect(ds.documents.map((d) => d.pairHead.length)).toEqual(ds.pairs.map((p) => p.length));
    const batch = collate(ds.documents.slice(0, 16));
    expect(batch.pairHead.length).toBe(ds.pairs.slice(0, 16).reduce((n, p) => n + p.length, 0));
    expect(Math.max(...batch.pairHead, ...batch.pairTail)).toBeLessThan(batch.numConcepts);
  });
});

describe.runIf(haveData(devXml, devJson))("BioRED Dev", () => {
  it("gives the same pairs from XML and JSON, accounting for all 1,162 relations", async () => {
    const fromXml = await datasetOf(devXml);
    const fromJson = await datasetOf(devJson);
    for (const ds of [fromXml, fromJson]) {
      expectAllAccounted(ds, 1162);
      // Dev has no gold relation of an unscored type pair; the default filter drops 1,533 None
      // pairs (732 disease-disease, 476 gene-taxon, 325 gene-variant) of 8,917.
      expect(ds.report.pairsByLabel).toEqual({
        Association: 560,
        Bind: 18,
        Comparison: 5,
        Cotreatment: 10,
        Negative_Correlation: 216,
        None: 6223,
        Positive_Correlation: 352,
      });
      expect(ds.report.candidatePairs).toBe(7384);
      expect(unmappedRelations(ds)).toEqual([["24036311", "R18", "self-relation", "22083"]]);
    }
    expect(fromJson.report).toEqual(fromXml.report);
    const keys = (ds: RelationDataset) =>
      ds.pairs
        .flat()
        .map((p) => `${p.documentId}:${p.head.key}:${p.tail.key}:${p.label}:${p.novel}`);
    expect(keys(fromJson)).toEqual(keys(fromXml));
    expect(fromJson.tokenizer.toJSON()).toEqual(fromXml.tokenizer.toJSON());
  });

  it.runIf(haveData(devPubTator))("gives the same pairs from PubTator", async () => {
    const fromXml = await datasetOf(devXml);
    const fromPubTator = await datasetOf(devPubTator);
    expectAllAccounted(fromPubTator, 1162);
    expect(fromPubTator.report.pairsByLabel).toEqual(fromXml.report.pairsByLabel);
    expect(fromPubTator.report.unmappedGoldRelations).toEqual(fromXml.report.unmappedGoldRelations);
    expect(fromPubTator.report.tokenLengths).toEqual(fromXml.report.tokenLengths);
  });
});

describe.runIf(haveData(cdrTrain))("CDR training set", () => {
  it("accounts for all 1,038 CID relations", async () => {
    const warnings: string[] = [];
    const { documents } = await readCollection(cdrTrain);
    const ds = buildDataset(documents, { onWarning: (w) => warnings.push(w.code) });
    expect(ds.schema.name).toBe("cdr");
    expectAllAccounted(ds, 1038);
    expect(ds.report.pairsByLabel).toEqual({ CID: 1037, None: 11634 });
    expect(ds.report.unmappedGoldRelations.map((u) => [u.documentId, u.reason, u.tail])).toEqual([
      ["14698717", "concept-not-annotated", "D011618"],
    ]);
    // Composite mentions overlap their parts; two annotations have offsets past their passage.
    expect(ds.report.warningsByCode.OVERLAPPING_MENTIONS).toBe(258);
    expect(ds.report.warningsByCode.ANNOTATION_OUTSIDE_PASSAGE).toBe(2);
    expect(warnings.length).toBe(
      Object.values(ds.report.warningsByCode).reduce((a, b) => a + b, 0),
    );
    // Only chemical-disease pairs when filtering to type pairs seen in relations.
    const filtered = buildCandidates(documents, { pairFilter: "seen-type-pairs" });
    expect([...filtered.allowedTypePairs!]).toEqual(["Chemical|Disease"]);
    expect(filtered.report.pairsByLabel.CID).toBe(1037);
    expect(filtered.report.unmappedGoldRelations).toEqual(ds.report.unmappedGoldRelations);
    const filteredPairs = filtered.pairs.flatMap((p) => p.pairs);
    expect(filteredPairs.length).toBe(filtered.report.candidatePairs);
    expect(
      filteredPairs.every((p) => p.head.type === "Chemical" && p.tail.type === "Disease"),
    ).toBe(true);
  });
});

const bc6pmTrain = dataFile("bc6pm", "PMtask_Relations_TrainingSet.xml");
describe.runIf(haveData(bc6pmTrain))("BC6PM relation training set", () => {
  it("accounts for all 760 PPIm relations (homodimers are self-relations)", async () => {
    const ds = buildCandidates((await readCollection(bc6pmTrain)).documents);
    expect(ds.schema.name).toBe("bc6pm");
    expectAllAccounted(ds, 760);
    expect(ds.report.pairsByLabel).toEqual({ None: 192, PPIm: 678 });
    expect(ds.report.unmappedByReason).toEqual({ "self-relation": 76, "duplicate-relation": 6 });
  });
});

const everything = dataFile("fixtures", "bionlplab-bioc", "everything.xml");
describe.runIf(haveData(everything))("node-based relations (bionlplab everything.xml)", () => {
  it("maps nodes through annotation ids with a user-defined schema", async () => {
    const { documents } = await readCollection(everything);
    const schema = {
      ...NODES_SCHEMA,
      name: "everything",
      typeKey: "annotation-infon-key",
      relationTypeKey: "relation-infon-key",
    };
    const warnings: string[] = [];
    const ds = buildDataset(documents, {
      schema,
      onWarning: (w) => warnings.push(`${w.code}:${w.documentId}`),
    });
    expect(ds.report.goldRelations).toBe(3);
    expect(ds.report.pairsByLabel).toEqual({ None: 3, "relation-infon-value": 1 });
    expect(ds.report.unmappedGoldRelations.map((u) => [u.relationId, u.reason])).toEqual([
      ["R2", "duplicate-relation"],
      ["R3", "missing-argument"],
    ]);
    expect(ds.concepts.map((c) => c.map((x) => x.key))).toEqual([
      ["@1", "@2", "@5"],
      ["@3", "@4"],
    ]);
    // Document-level annotation 5 repeats the span of annotation 2: reported as an overlap.
    expect(warnings).toEqual(["OVERLAPPING_MENTIONS:1", "DUPLICATE_RELATION:1"]);
  });
});
