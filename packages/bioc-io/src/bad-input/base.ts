// Test-only: a small valid collection in every format, the seed of the
// generated bad-input cases (no corpus needed), and a seeded PRNG.
import type { BioCCollection } from "../model.js";
import { formatCollection } from "../write.js";
import { mulberry32 } from "@biore/internal";

const TITLE = "Aspirin and myocardial infarction.";
const ABSTRACT = "Aspirin lowers the risk of myocardial infarction in adults.";

/** Two documents with concept ids, a BioRED-style relation and a node relation. */
export function baseCollection(): BioCCollection {
  const doc = (id: string) => ({
    id,
    infons: {},
    passages: [
      {
        offset: 0,
        infons: { type: "title" },
        text: TITLE,
        sentences: [],
        annotations: [
          {
            id: "0",
            infons: { identifier: "D001241", type: "ChemicalEntity" },
            text: "Aspirin",
            locations: [{ offset: 0, length: 7 }],
          },
          {
            id: "1",
            infons: { identifier: "D009203", type: "DiseaseOrPhenotypicFeature" },
            text: "myocardial infarction",
            locations: [{ offset: 12, length: 21 }],
          },
        ],
        relations: [],
      },
      {
        offset: TITLE.length + 1,
        infons: { type: "abstract" },
        text: ABSTRACT,
        sentences: [],
        annotations: [
          {
            id: "2",
            infons: { identifier: "D001241", type: "ChemicalEntity" },
            text: "Aspirin",
            locations: [{ offset: TITLE.length + 1, length: 7 }],
          },
        ],
        relations: [],
      },
    ],
    annotations: [],
    relations: [
      {
        id: "R0",
        infons: {
          entity1: "D001241",
          entity2: "D009203",
          type: "Negative_Correlation",
          novel: "No",
        },
        nodes: [],
      },
    ],
  });
  return {
    source: "test",
    date: "2026",
    key: "k",
    infons: {},
    documents: [doc("100"), doc("200")],
  };
}

/** The base collection as BioC JSON (pretty, so lines are meaningful), XML and PubTator. */
export function baseTexts(): { json: string; xml: string; pubtator: string } {
  const c = baseCollection();
  return {
    json: formatCollection(c, { format: "json", indent: 1 }),
    xml: formatCollection(c, { format: "xml", indent: 1 }),
    pubtator: formatCollection(c, { format: "pubtator" }),
  };
}

/** mulberry32 (the generator every @biore package shares): seeded cut points and bytes. */
export const prng: (seed: number) => () => number = mulberry32;

/** `n` cut points spread over `[1, end)`, always including the first and last. */
export function cutPoints(end: number, n: number): number[] {
  const out = new Set<number>();
  for (let i = 0; i < n; i++)
    out.add(Math.max(1, Math.min(end - 1, Math.round(1 + (i * (end - 2)) / (n - 1)))));
  return [...out];
}
