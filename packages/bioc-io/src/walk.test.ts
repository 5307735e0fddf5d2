import { describe, expect, it } from "vitest";
import { allAnnotations, allRelations, forEachAnnotation, forEachRelation } from "./walk.js";
import type { BioCAnnotation, BioCDocument, BioCRelation } from "./model.js";

const ann = (id: string): BioCAnnotation => ({ id, infons: {}, text: id, locations: [] });
const rel = (id: string): BioCRelation => ({ id, infons: {}, nodes: [] });

// Nodes at every level BioC allows, two passages, the first with two sentences.
const doc: BioCDocument = {
  id: "D",
  infons: {},
  annotations: [ann("a-doc")],
  relations: [rel("r-doc")],
  passages: [
    {
      offset: 0,
      infons: {},
      annotations: [ann("a-p0")],
      relations: [rel("r-p0")],
      sentences: [
        {
          offset: 0,
          infons: {},
          text: "s",
          annotations: [ann("a-p0s0")],
          relations: [rel("r-p0s0")],
        },
        { offset: 2, infons: {}, text: "t", annotations: [], relations: [rel("r-p0s1")] },
      ],
    },
    {
      offset: 5,
      infons: {},
      text: "u",
      annotations: [ann("a-p1")],
      relations: [],
      sentences: [],
    },
  ],
};

describe("document walkers", () => {
  it("find sentence-level nodes too, passage by passage, the document's last", () => {
    expect(allAnnotations(doc).map((a) => a.id)).toEqual(["a-p0", "a-p0s0", "a-p1", "a-doc"]);
    expect(allRelations(doc).map((r) => r.id)).toEqual(["r-p0", "r-p0s0", "r-p0s1", "r-doc"]);
  });

  it("say where each node sits", () => {
    const places: string[] = [];
    forEachRelation(doc, (r, p) => places.push(`${r.id}@${p.passageIndex}/${p.sentenceIndex}`));
    forEachAnnotation(doc, (a, p) => places.push(`${a.id}@${p.passageIndex}/${p.sentenceIndex}`));
    expect(places).toEqual([
      "r-p0@0/-1",
      "r-p0s0@0/0",
      "r-p0s1@0/1",
      "r-doc@-1/-1",
      "a-p0@0/-1",
      "a-p0s0@0/0",
      "a-p1@1/-1",
      "a-doc@-1/-1",
    ]);
  });

  it("read missing lists of hand-built objects as empty", () => {
    const bare = { id: "x", passages: [{ offset: 0 }] } as unknown as BioCDocument;
    expect(allAnnotations(bare)).toEqual([]);
    expect(allRelations(bare)).toEqual([]);
  });
});
