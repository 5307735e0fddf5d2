import type { BioCCollection } from "@biore/bioc-io";
import { describe, expect, it } from "vitest";
import { expectMetricsError } from "../shared/expect-metrics-error.js";
import { bioredDocumentCounts } from "./document-counts.js";
import { relationsFromBioC } from "./from-bioc.js";
import type { BioredRelation } from "./relation.js";
import { bioredScores, bioredScoresFromCounts } from "./scores.js";

const rel = (
  documentId: string,
  entity1: string,
  entity2: string,
  type: string,
  novel: boolean,
): BioredRelation => ({
  documentId,
  entity1,
  entity2,
  type,
  novel,
  // Types NCBI scores (ncbi-rules.test.ts covers the excluded ones); the order does not matter.
  entity1Type: "ChemicalEntity",
  entity2Type: "ChemicalEntity",
});

// Gold: 4 relations in 2 documents.
const gold = [
  rel("d1", "A", "B", "Bind", true),
  rel("d1", "A", "C", "Association", false),
  rel("d1", "B", "C", "Positive_Correlation", true),
  rel("d2", "X", "Y", "Association", true),
];
// Predictions:
//  d1 (B, A) Bind Novel        -> reversed pair, everything right
//  d1 (A, C) Bind No           -> right pair, wrong type, right novelty
//  d1 (B, C) Pos_Corr No       -> right pair and type, wrong novelty
//  d1 (A, D) Association No    -> pair not in gold
//  d2 (X, Y) missing           -> false negative everywhere
const predicted = [
  rel("d1", "B", "A", "Bind", true),
  rel("d1", "A", "C", "Bind", false),
  rel("d1", "B", "C", "Positive_Correlation", false),
  rel("d1", "A", "D", "Association", false),
];

describe("bioredScores", () => {
  it("scores pair, pair+type, pair+novelty and all as the BioRED track does", () => {
    const s = bioredScores(gold, predicted);
    // pair: AB, AC, BC match; AD is FP; XY is FN -> tp=3, fp=1, fn=1 -> P=R=F1=3/4
    expect(s.pair).toMatchObject({ tp: 3, fp: 1, fn: 1, precision: 0.75, recall: 0.75, f1: 0.75 });
    // pair+type: AB, BC match; AC (wrong type) is FP and FN; AD FP; XY FN
    // tp=2, fp=2, fn=2 -> 1/2 each
    expect(s.pairType).toMatchObject({ tp: 2, fp: 2, fn: 2, precision: 0.5, recall: 0.5, f1: 0.5 });
    // pair+novelty: AB, AC match; BC wrong novelty -> FP+FN; AD FP; XY FN -> tp=2, fp=2, fn=2
    expect(s.pairNovelty).toMatchObject({ tp: 2, fp: 2, fn: 2 });
    // all: only AB -> tp=1, fp=3, fn=3 -> P=R=F1=1/4
    expect(s.all).toMatchObject({ tp: 1, fp: 3, fn: 3, precision: 0.25, recall: 0.25, f1: 0.25 });
    expect(s.documents).toBe(2);
    expect(s.unknownDocuments).toEqual([]);
  });

  it("breaks pair+type down per relation type", () => {
    const s = bioredScores(gold, predicted);
    // Bind: gold AB (matched) ; predicted AB (match) and AC (wrong type) -> tp=1, fp=1, fn=0
    expect(s.perType.Bind!.pairType).toMatchObject({
      tp: 1,
      fp: 1,
      fn: 0,
      precision: 0.5,
      recall: 1,
    });
    // Association: gold AC (predicted as Bind) and XY (missed); predicted AD (not in gold)
    // -> tp=0, fp=1, fn=2
    expect(s.perType.Association!.pairType).toMatchObject({ tp: 0, fp: 1, fn: 2, f1: 0 });
    // Positive_Correlation: BC right type -> tp=1 at pair+type; wrong novelty -> FP+FN at all
    expect(s.perType.Positive_Correlation!.pairType).toMatchObject({ tp: 1, fp: 0, fn: 0 });
    expect(s.perType.Positive_Correlation!.all).toMatchObject({ tp: 0, fp: 1, fn: 1 });
    expect(Object.keys(s.perType)).toEqual(["Association", "Bind", "Positive_Correlation"]);
  });

  it("counts each distinct relation once, as sets, and reports repeated pairs", () => {
    const repeated = [
      ...predicted,
      rel("d1", "A", "B", "Association", true), // conflicting repeat of (A, B)
      rel("d1", "B", "A", "Bind", true), // identical repeat
    ];
    const s = bioredScores(gold, repeated);
    // pair: (A, B) is one pair however often predicted -> unchanged tp=3, fp=1, fn=1
    expect(s.pair).toMatchObject({ tp: 3, fp: 1, fn: 1 });
    // pair+type: (A, B, Association) is one more wrong tuple -> tp=2, fp=3, fn=2
    expect(s.pairType).toMatchObject({ tp: 2, fp: 3, fn: 2 });
    // pair+novelty: (A, B, Novel) again, already a TP -> unchanged tp=2, fp=2, fn=2
    expect(s.pairNovelty).toMatchObject({ tp: 2, fp: 2, fn: 2 });
    // all: (A, B, Association, Novel) is one more FP -> tp=1, fp=4, fn=3
    expect(s.all).toMatchObject({ tp: 1, fp: 4, fn: 3 });
    expect(s.duplicates).toEqual({ gold: 0, predicted: 2, conflictingPredicted: 1 });
    expectMetricsError(
      () => bioredScores(gold, repeated, { duplicates: "error" }),
      "DUPLICATE_RELATION",
      "predicted[4]",
    );
  });

  it("counts predictions for documents outside the gold set as false positives", () => {
    const s = bioredScores(gold, [...predicted, rel("d9", "P", "Q", "Bind", true)]);
    expect(s.pair).toMatchObject({ tp: 3, fp: 2, fn: 1 });
    expect(s.unknownDocuments).toEqual(["d9"]);
  });

  it("gives 0 for empty gold and predictions, and perfect scores for gold against itself", () => {
    const empty = bioredScores([], []);
    expect(empty.all).toMatchObject({ tp: 0, fp: 0, fn: 0, precision: 0, recall: 0, f1: 0 });
    const self = bioredScores(gold, gold);
    for (const level of ["pair", "pairType", "pairNovelty", "all"] as const) {
      expect(self[level].f1).toBe(1);
    }
  });

  it("accepts BioC's Novel/No strings and refuses malformed relations", () => {
    const s = bioredScores(
      [{ ...rel("d", "a", "b", "Bind", true), novel: "Novel" }],
      [rel("d", "b", "a", "Bind", true)],
    );
    expect(s.all.f1).toBe(1);
    expectMetricsError(
      () => bioredScores([{ ...gold[0]!, novel: "yes" as never }], []),
      "INVALID_RELATION",
      "gold[0].novel",
    );
    expectMetricsError(
      () => bioredScores([], [{ ...gold[0]!, entity2: "" }]),
      "INVALID_RELATION",
      "predicted[0].entity2",
    );
    expectMetricsError(
      () => bioredScores(gold, predicted, { duplicates: "sum" as never }),
      "INVALID_OPTION",
      "options.duplicates",
    );
    expectMetricsError(
      () => bioredScores(gold, predicted, { rules: "official" as never }),
      "INVALID_OPTION",
      "options.rules",
    );
    expectMetricsError(
      () => bioredScores([], [{ ...gold[0]!, entity1Type: "" }]),
      "INVALID_RELATION",
      "predicted[0].entity1Type",
    );
  });

  it("keeps documents without relations as units, and re-aggregates resampled documents", () => {
    const counts = bioredDocumentCounts(gold, predicted, { documentIds: ["d1", "d2", "d3"] });
    expect(counts.map((c) => c.documentId)).toEqual(["d1", "d2", "d3"]);
    expect(counts[2]!.levels.pair).toEqual({ tp: 0, fp: 0, fn: 0 });
    // d1 twice: pair counts of d1 are tp=3, fp=1, fn=0 -> doubled tp=6, fp=2, fn=0
    const twice = bioredScoresFromCounts([counts[0]!, counts[0]!]);
    expect(twice.pair).toMatchObject({ tp: 6, fp: 2, fn: 0, precision: 0.75, recall: 1 });
    expect(twice.documents).toBe(2);
    expectMetricsError(
      () => bioredDocumentCounts(gold, predicted, { documentIds: ["d1"] }),
      "INVALID_RELATION",
      "gold",
    );
  });
});

const ann = (id: string, identifier: string, type: string) => ({
  id,
  infons: { identifier, type },
  text: identifier,
  locations: [{ offset: 0, length: 1 }],
});

describe("relationsFromBioC", () => {
  const collection: BioCCollection = {
    source: "test",
    date: "",
    key: "",
    infons: {},
    documents: [
      {
        id: "123",
        infons: {},
        annotations: [],
        passages: [
          {
            offset: 0,
            infons: {},
            text: "t",
            sentences: [],
            annotations: [
              ann("T0", "D1", "DiseaseOrPhenotypicFeature"),
              ann("T1", "G2", "GeneOrGeneProduct"),
              ann("T2", "C3", "ChemicalEntity"),
            ],
            relations: [
              {
                id: "R1",
                infons: { entity1: "D1", entity2: "G2", type: "Association", novel: "No" },
                nodes: [],
              },
            ],
          },
        ],
        relations: [
          {
            id: "R0",
            infons: { entity1: "D1", entity2: "C3", type: "Bind", novel: "Novel" },
            nodes: [],
          },
        ],
      },
      { id: "456", infons: {}, annotations: [], passages: [], relations: [] },
    ],
  };

  it("reads passage- and document-level relations, typed from the annotations", () => {
    const disease = "DiseaseOrPhenotypicFeature";
    expect(relationsFromBioC(collection)).toEqual([
      {
        documentId: "123",
        entity1: "D1",
        entity2: "G2",
        type: "Association",
        novel: false,
        entity1Type: disease,
        entity2Type: "GeneOrGeneProduct",
      },
      {
        documentId: "123",
        entity1: "D1",
        entity2: "C3",
        type: "Bind",
        novel: true,
        entity1Type: disease,
        entity2Type: "ChemicalEntity",
      },
    ]);
  });

  it("reads sentence-level relations too (BioC allows relations at every level)", () => {
    const [document] = collection.documents;
    const passage = document!.passages[0]!;
    const inSentence: BioCCollection = {
      ...collection,
      documents: [
        {
          ...document!,
          relations: [],
          passages: [
            {
              ...passage,
              relations: [],
              sentences: [
                {
                  offset: 0,
                  infons: {},
                  text: "t",
                  annotations: [],
                  relations: [passage.relations[0]!],
                },
              ],
            },
          ],
        },
      ],
    };
    expect(relationsFromBioC(inSentence)).toMatchObject([
      { documentId: "123", entity1: "D1", entity2: "G2", type: "Association", novel: false },
    ]);
  });

  it("takes the gold collection's documents as the evaluated set", () => {
    const s = bioredScores(collection, collection);
    expect(s.documents).toBe(2);
    expect(s.all).toMatchObject({ tp: 2, fp: 0, fn: 0, f1: 1 });
  });

  it("refuses a relation without novelty unless a default is given", () => {
    const noNovel: BioCCollection = {
      ...collection,
      documents: [
        {
          ...collection.documents[1]!,
          relations: [
            { id: "R9", infons: { entity1: "a", entity2: "b", type: "Bind" }, nodes: [] },
          ],
        },
      ],
    };
    const error = expectMetricsError(
      () => relationsFromBioC(noNovel),
      "INVALID_RELATION",
      "collection.documents[0] (id 456) relation R9",
    );
    expect(error.message).toContain("novel");
    expect(relationsFromBioC(noNovel, { defaultNovel: false })[0]!.novel).toBe(false);
  });
});
