import type { BioCDocument } from "@biore/bioc-io";
import { describe, expect, it } from "vitest";
import { expectMetricsError } from "../shared/expect-metrics-error.js";
import { relationsFromBioC } from "./from-bioc.js";

const ann = (id: string, identifier: string, type: string) => ({
  id,
  infons: { identifier, type },
  text: identifier,
  locations: [{ offset: 0, length: 1 }],
});

/** A CDR-style document: arguments in `Chemical`/`Disease`, type in `relation`, no novelty. */
const cdr = (relations: Record<string, string>[], sentenceLevel = false): BioCDocument => {
  const bioc = relations.map((infons, i) => ({ id: `R${i}`, infons, nodes: [] }));
  return {
    id: "227508",
    infons: {},
    annotations: [],
    relations: sentenceLevel ? [] : bioc,
    passages: [
      {
        offset: 0,
        infons: {},
        text: "t",
        annotations: [ann("0", "D008750", "Chemical"), ann("1", "D007022", "Disease")],
        relations: [],
        sentences: sentenceLevel
          ? [{ offset: 0, infons: {}, text: "t", annotations: [], relations: bioc }]
          : [],
      },
    ],
  };
};
const CDR = { entity1: "Chemical", entity2: "Disease", type: "relation", novelty: null };

describe("relationsFromBioC with another corpus's infon names", () => {
  it("reads CDR's Chemical/Disease/relation infons at every level, novelty from the default", () => {
    const infons = { Chemical: "D008750", Disease: "D007022", relation: "CID" };
    const expected = {
      documentId: "227508",
      entity1: "D008750",
      entity2: "D007022",
      type: "CID",
      novel: false,
      entity1Type: "Chemical",
      entity2Type: "Disease",
    };
    for (const sentenceLevel of [false, true]) {
      const read = relationsFromBioC([cdr([infons], sentenceLevel)], {
        infons: CDR,
        defaultNovel: false,
      });
      expect(read).toEqual([expected]);
    }
  });

  it("a corpus without novelty needs defaultNovel, and the error says so", () => {
    const document = cdr([{ Chemical: "D008750", Disease: "D007022", relation: "CID" }]);
    const error = expectMetricsError(
      () => relationsFromBioC([document], { infons: CDR }),
      "INVALID_RELATION",
      "collection.documents[0] (id 227508) relation R0",
    );
    expect(error.message).toContain("defaultNovel");
  });

  it("maps another corpus's novelty values, and refuses a value it does not list", () => {
    const novelty = { key: "isNew", novel: ["yes", "y"], notNovel: ["no"] };
    const document = cdr([
      { Chemical: "A", Disease: "B", relation: "CID", isNew: "y" },
      { Chemical: "A", Disease: "C", relation: "CID", isNew: "no" },
    ]);
    const read = relationsFromBioC([document], { infons: { ...CDR, novelty } });
    expect(read.map((r) => r.novel)).toEqual([true, false]);
    const odd = cdr([{ Chemical: "A", Disease: "B", relation: "CID", isNew: "maybe" }]);
    const error = expectMetricsError(
      () => relationsFromBioC([odd], { infons: { ...CDR, novelty } }),
      "INVALID_RELATION",
      "collection.documents[0] (id 227508) relation R0",
    );
    expect(error.message).toContain('infon isNew must be "yes" or "y" or "no", got "maybe"');
  });

  it("names the configured infons when a relation lacks one", () => {
    const document = cdr([{ Chemical: "D008750", relation: "CID" }]);
    const error = expectMetricsError(
      () => relationsFromBioC([document], { infons: CDR, defaultNovel: false }),
      "INVALID_RELATION",
      "collection.documents[0] (id 227508) relation R0",
    );
    expect(error.message).toContain("needs infons Chemical, Disease and relation");
  });

  it("unset names keep BioRED's", () => {
    const document = cdr([{ entity1: "A", entity2: "B", kind: "Bind", novel: "Novel" }]);
    const read = relationsFromBioC([document], { infons: { type: "kind" } });
    expect(read).toMatchObject([{ entity1: "A", entity2: "B", type: "Bind", novel: true }]);
  });
});
