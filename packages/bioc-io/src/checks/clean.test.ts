import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { BioCWarning } from "../warnings.js";
import type {
  BioCAnnotation,
  BioCCollection,
  BioCDocument,
  BioCPassage,
  BioCRelation,
} from "../model.js";
import { parseCollection } from "../read.js";
import { type Corpus, corpusCollection } from "../testing/corpus.js";
import { BioCValidationError, validateDocuments } from "../validate.js";
import { formatCollection } from "../write.js";
import { CleanCheck } from "./clean.js";
import { ARGUMENT_INFONS } from "./content.js";
import { annotation, randomDocument } from "../testing/random-document.js";

// CleanCheck lets reading skip the full content rules for a document, so it
// must never call a document clean that the full rules fault; it is meant to
// agree with them exactly (a clean document it missed would only cost time).

const SEED = Number(process.env.FC_SEED ?? 20261130);

/** A document that breaks no rule: ids, a node reference, text at offsets, a concept relation. */
function cleanDocument(): BioCDocument {
  const passage: BioCPassage = {
    offset: 10,
    infons: {},
    text: "p53 binds MDM2",
    sentences: [],
    annotations: [annotation("a1", 10, "p53", "7157"), annotation("a2", 20, "MDM2", "4193|4194")],
    relations: [{ id: "r1", infons: {}, nodes: [{ refid: "a1", role: "x" }] }],
  };
  return {
    id: "d1",
    infons: {},
    passages: [passage],
    annotations: [annotation("a3", 14, "binds")],
    relations: [
      { id: "r2", infons: { entity1: "7157", entity2: "4193|4194" }, nodes: [] },
      { id: "r3", infons: { Gene1: "4194", Gene2: " 7157" }, nodes: [] },
    ],
  };
}

function isClean(doc: BioCDocument): boolean {
  return new CleanCheck().isClean(doc);
}

function ruleCodes(doc: BioCDocument): string[] {
  return validateDocuments([doc]).map((v) => v.code);
}

function changed(edit: (d: BioCDocument) => void): BioCDocument {
  const d = cleanDocument();
  edit(d);
  return d;
}

const passageOf = (d: BioCDocument) => d.passages[0] as BioCPassage;
const annotationOf = (d: BioCDocument, i: number) => passageOf(d).annotations[i] as BioCAnnotation;

describe("CleanCheck on fixed documents", () => {
  it("proves the clean document clean (a concept named by a split, trimmed part included)", () => {
    expect(ruleCodes(cleanDocument())).toEqual([]);
    expect(isClean(cleanDocument())).toBe(true);
  });

  const broken: [string, (d: BioCDocument) => void, string][] = [
    [
      "empty annotation id",
      (d) => {
        annotationOf(d, 0).id = "";
      },
      "MISSING_FIELD",
    ],
    [
      "repeated annotation id",
      (d) => {
        annotationOf(d, 1).id = "a1";
      },
      "DUPLICATE_ID",
    ],
    [
      "relation id equal to an annotation id",
      (d) => {
        (d.relations[0] as BioCRelation).id = "a3";
      },
      "DUPLICATE_ID",
    ],
    [
      "node naming no annotation",
      (d) => {
        (passageOf(d).relations[0] as BioCRelation).nodes = [{ refid: "zz", role: "" }];
      },
      "DANGLING_REFERENCE",
    ],
    [
      "text not at its offset",
      (d) => {
        annotationOf(d, 0).text = "p54";
      },
      "TEXT_MISMATCH",
    ],
    [
      "location past the passage end",
      (d) => {
        annotationOf(d, 1).locations = [{ offset: 22, length: 4 }];
      },
      "TEXT_MISMATCH",
    ],
    [
      "document-level annotation off its passage",
      (d) => {
        (d.annotations[0] as BioCAnnotation).locations = [{ offset: 13, length: 5 }];
      },
      "TEXT_MISMATCH",
    ],
    [
      "relation naming an unknown concept",
      (d) => {
        (d.relations[0] as BioCRelation).infons.entity2 = "9999";
      },
      "DANGLING_REFERENCE",
    ],
    [
      "relation naming a concept only part of which is known",
      (d) => {
        (d.relations[1] as BioCRelation).infons.Gene1 = "4194;1";
      },
      "DANGLING_REFERENCE",
    ],
  ];
  for (const [name, edit, code] of broken)
    it(`refuses: ${name}`, () => {
      const d = changed(edit);
      expect(ruleCodes(d)).toContain(code);
      expect(isClean(d)).toBe(false);
    });

  it("ids and concepts of one document mean nothing in the next", () => {
    const check = new CleanCheck();
    expect(check.isClean(cleanDocument())).toBe(true);
    expect(check.isClean(cleanDocument())).toBe(true); // same ids again: no repeat within a document
    const other = changed((d) => {
      d.passages = [];
      d.annotations = [];
      d.relations = [{ id: "r9", infons: {}, nodes: [{ refid: "a1", role: "" }] }];
    });
    expect(ruleCodes(other)).toEqual(["DANGLING_REFERENCE"]);
    expect(check.isClean(other)).toBe(false);
    const concepts = changed((d) => {
      for (const p of d.passages) {
        p.annotations = [];
        p.relations = [];
      }
      d.annotations = [];
      d.relations = [{ id: "r9", infons: { entity1: "7157", entity2: "4193" }, nodes: [] }];
    });
    expect(ruleCodes(concepts)).toEqual(["DANGLING_REFERENCE", "DANGLING_REFERENCE"]);
    expect(check.isClean(concepts)).toBe(false);
  });
});

describe("CleanCheck on the concepts relations name", () => {
  /** The clean document with its relations replaced by one nodeless relation of `infons`. */
  const naming = (infons: Record<string, string>) =>
    changed((d) => {
      d.relations = [{ id: "r9", infons, nodes: [] }];
    });

  it("reads each pair of concept infons the full rules read, the first complete one only", () => {
    const cases: Record<string, string>[] = [
      {},
      { entity1: "7157" },
      { entity1: "7157", Chemical: "x" },
    ];
    for (const [k1, k2] of ARGUMENT_INFONS)
      cases.push({ [k1]: "7157", [k2]: "4194" }, { [k1]: "7157", [k2]: "nope" }, { [k1]: "nope" });
    cases.push(
      { entity1: "nope", Chemical: "7157", Disease: "4194" },
      { entity1: "7157", entity2: "4194", Gene1: "nope", Gene2: "nope" },
      { Chemical: "nope", Gene1: "7157", Gene2: "4194" },
    );
    for (const infons of cases) {
      const d = naming(infons);
      expect(isClean(d), JSON.stringify(infons)).toBe(ruleCodes(d).length === 0);
    }
  });

  it("decides alike for a document carrying more concepts than the set keeps in its table", () => {
    const check = new CleanCheck();
    for (const count of [100, 129, 300]) {
      const text = "x".repeat(count);
      const d: BioCDocument = {
        id: `d${count}`,
        infons: {},
        passages: [
          {
            offset: 0,
            infons: {},
            text,
            sentences: [],
            annotations: Array.from({ length: count }, (_, i) =>
              annotation(`a${i}`, i, "x", `C${i}`),
            ),
            relations: [],
          },
        ],
        annotations: [],
        relations: [
          { id: "r1", infons: { entity1: "C0", entity2: `C${count - 1}` }, nodes: [] },
          { id: "r2", infons: { entity1: `C${count >> 1}`, entity2: "C7" }, nodes: [] },
        ],
      };
      expect(ruleCodes(d)).toEqual([]);
      expect(check.isClean(d)).toBe(true);
      (d.relations[1] as BioCRelation).infons.entity2 = `C${count}`;
      expect(ruleCodes(d)).toEqual(["DANGLING_REFERENCE"]);
      expect(check.isClean(d)).toBe(false);
    }
  });
});

describe("CleanCheck on random documents", () => {
  const doc = randomDocument;
  it("calls a document clean exactly when the full rules find nothing (2,000 documents, one check shared)", () => {
    const check = new CleanCheck();
    let proven = 0;
    let faulted = 0;
    fc.assert(
      fc.property(doc, (d) => {
        const clean = check.isClean(d);
        const violations = validateDocuments([d]);
        if (violations.length > 0) faulted++;
        if (clean) proven++;
        return clean === (violations.length === 0);
      }),
      { seed: SEED, numRuns: 2000 },
    );
    // both kinds were generated, so the property was put to the test
    expect(proven).toBeGreaterThan(100);
    expect(faulted).toBeGreaterThan(1000);
  });
});

describe("reading JSON: documents proven clean skip the full rules, the rest are reported as before", () => {
  function collection(): BioCCollection {
    const bad = changed((d) => {
      d.id = "d2";
      annotationOf(d, 0).text = "p54";
      (d.relations[0] as BioCRelation).infons.entity2 = "9999";
    });
    return { source: "", date: "", key: "", infons: {}, documents: [cleanDocument(), bad] };
  }

  it("lenient: the same warnings as validateDocuments, in its order", () => {
    const text = formatCollection(collection(), { format: "json" });
    const warnings: BioCWarning[] = [];
    const read = parseCollection(text, { onWarning: (w) => warnings.push(w) });
    const expected = validateDocuments(read.documents);
    expect(expected.map((v) => v.code)).toEqual(["TEXT_MISMATCH", "DANGLING_REFERENCE"]);
    expect(warnings.map((w) => [w.code, w.location.jsonPath, w.message])).toEqual(
      expected.map((v) => [v.code, v.jsonPath, v.message]),
    );
  });

  it("strict: one BioCValidationError listing them", () => {
    const text = formatCollection(collection(), { format: "json" });
    let error: unknown;
    try {
      parseCollection(text, { strict: true });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(BioCValidationError);
    expect((error as BioCValidationError).violations.map((v) => v.jsonPath)).toEqual([
      "$.documents[1].passages[0].annotations[0]",
      "$.documents[1].relations[0].infons.entity2",
    ]);
  });
});

describe("CleanCheck on the real corpora", () => {
  const files: [Corpus, string][] = [
    ["biored", "Dev.BioC.JSON"],
    ["biored", "Train.BioC.XML"],
    ["cdr", "CDR_DevelopmentSet.BioC.xml"],
    ["bc6pm", "PMtask_Relations_TrainingSet.json"],
    ["bc6pm", "PMtask_Triage_TrainingSet.json"],
  ];
  for (const [corpus, file] of files)
    it(`${corpus}/${file}: calls clean exactly the documents the full rules find clean`, async () => {
      const c = await corpusCollection(corpus, file);
      if (!c) return;
      const check = new CleanCheck();
      const disagree = c.documents.filter(
        (d) => check.isClean(d) !== (validateDocuments([d]).length === 0),
      );
      expect(disagree.map((d) => d.id)).toEqual([]);
    });
});
