import type { BioCAnnotation, BioCDocument } from "@biore/bioc-io";
import { buildDataset } from "@biore/relation-dataset";
import { describe, expect, it } from "vitest";
import { documentWords, pairFeatures } from "./features.js";

/** One passage of sentences; `[name]` marks a mention (type from its first letter: G gene, D disease, C chemical). */
function document(sentences: string[]): BioCDocument {
  const types: Record<string, string> = {
    G: "GeneOrGeneProduct",
    D: "DiseaseOrPhenotypicFeature",
    C: "ChemicalEntity",
  };
  let text = "";
  const annotations: BioCAnnotation[] = [];
  for (const part of sentences.join(" ").split(/(\[[^\]]+\])/)) {
    if (part.startsWith("[")) {
      const name = part.slice(1, -1);
      annotations.push({
        id: String(annotations.length),
        infons: { type: types[name[0] as string] as string, identifier: name },
        text: name,
        locations: [{ offset: text.length, length: name.length }],
      });
      text += name;
    } else text += part;
  }
  return {
    id: "d1",
    infons: {},
    passages: [{ offset: 0, infons: {}, text, sentences: [], annotations, relations: [] }],
    annotations: [],
    relations: [],
  };
}

function featuresOf(doc: BioCDocument, head: string, tail: string): string[] {
  const data = buildDataset([doc]);
  const pair = data.pairs[0]?.find(
    (p) => [p.head.identifier, p.tail.identifier].sort().join() === [head, tail].sort().join(),
  );
  if (!pair) throw new Error(`no candidate pair ${head}-${tail}`);
  return pairFeatures(documentWords(doc, data.concepts[0] ?? []), pair);
}

describe("typer trigger features", () => {
  it("come from the sentences holding both concepts only, and from the words between them", () => {
    const doc = document([
      "Patients were enrolled.",
      "[GA] strongly binds [GB] in cells.",
      "Aspirin increased [GA] levels.",
      "[GB] was compared across groups.",
    ]);
    const f = featuresOf(doc, "GA", "GB");
    expect(f).toContain("trigger-between=bind");
    expect(f).toContain("trigger-sentence=bind");
    // "increased" and "compared" sit in sentences holding only one of the two concepts
    expect(f).not.toContain("trigger-sentence=positive");
    expect(f).not.toContain("trigger-sentence=comparison");
    expect(f).toContain("cooccurring-sentences=1");
  });

  it("read every shared sentence, in document order", () => {
    const doc = document(["[CX] was compared with [DY].", "[DY] decreased after [CX] use."]);
    const sentence = featuresOf(doc, "CX", "DY").filter((x) => x.startsWith("trigger-sentence="));
    expect(sentence).toEqual(["trigger-sentence=comparison", "trigger-sentence=negative"]);
  });

  it("never read a trigger in the cut middle of a long gap between the mentions", () => {
    const words = (from: number, to: number) =>
      Array.from({ length: to - from }, (_, i) => `w${from + i}`).join(" ");
    // 32 words between: the first and last 10 are kept, "binds" (the 16th) is cut
    const doc = document([`[GA] inhibits ${words(0, 14)} binds ${words(14, 30)} increases [GB].`]);
    const f = featuresOf(doc, "GA", "GB");
    expect(f).toContain("between:<...>");
    expect(f).toContain("trigger-between=negative");
    expect(f).toContain("trigger-between=positive");
    expect(f).not.toContain("trigger-between=bind");
    expect(f).toContain("trigger-sentence=bind"); // the sentence still holds it
  });
});
