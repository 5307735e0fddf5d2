import { describe, expect, it } from "vitest";
import { RelationDatasetError, SCHEMAS, detectSchema, schemaByName } from "./index.js";
import { makeDocument, sampleBioredDocument } from "./testing/documents.js";

describe("relation schemas", () => {
  it("finds built-in schemas by name and rejects others with a stable code", () => {
    expect(schemaByName("cdr")).toBe(SCHEMAS.cdr);
    expect(schemaByName("bc6pm").arguments).toEqual({
      kind: "infons",
      headKey: "Gene1",
      tailKey: "Gene2",
    });
    try {
      schemaByName("chemprot");
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(RelationDatasetError);
      expect((e as RelationDatasetError).code).toBe("UNKNOWN_SCHEMA");
    }
  });

  it("detects the schema from relation infons, then annotation infons", () => {
    expect(detectSchema([sampleBioredDocument()]).name).toBe("biored");
    const cdr = makeDocument(
      "1",
      ["aspirin causes ulcer"],
      [],
      [{ relation: "CID", Chemical: "D001241", Disease: "D014456" }],
    );
    expect(detectSchema([cdr]).name).toBe("cdr");
    const pm = makeDocument(
      "2",
      ["BRCA1 binds BARD1"],
      [],
      [{ Gene1: "672", Gene2: "580", relation: "PPIm" }],
    );
    expect(detectSchema([pm]).name).toBe("bc6pm");
    const noRelations = makeDocument(
      "3",
      ["aspirin"],
      [{ text: "aspirin", type: "Chemical", infons: { MESH: "D001241" } }],
    );
    expect(detectSchema([noRelations]).name).toBe("cdr");
    const nodes = makeDocument("4", ["x y"], []);
    nodes.relations.push({
      id: "R0",
      infons: { type: "rel" },
      nodes: [
        { refid: "a", role: "h" },
        { refid: "b", role: "t" },
      ],
    });
    expect(detectSchema([nodes]).name).toBe("nodes");
  });
});
