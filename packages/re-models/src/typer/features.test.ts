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

describe("typer features, as fast as they are (names reused across a document's pairs)", () => {
  const text =
    "[GA] strongly binds the a_b c a b_c [GB] in 2 cells. [DX] was compared with [GA] (p<0.05), and [GB] increased.";

  it("are pinned name for name and in order (the order the typer sums its weights in)", () => {
    const doc = document([text]);
    const data = buildDataset([doc]);
    const pair = data.pairs[0]?.find(
      (p) => p.head.identifier === "GA" && p.tail.identifier === "GB",
    );
    if (!pair) throw new Error("no GA-GB pair");
    const words = documentWords(doc, data.concepts[0] ?? []);
    // "a_b"+"c" and "a"+"b_c" spell one bigram name: it is listed once
    expect(pairFeatures(words, pair, { typedWords: true, sentenceWords: true })).toEqual([
      "bias",
      "etp=GeneOrGeneProduct|GeneOrGeneProduct",
      "mentions:GeneOrGeneProduct=2",
      "title:GeneOrGeneProduct",
      "title:both",
      "cooccurring-sentences=2",
      "sentence-distance=0",
      "order=<GeneOrGeneProduct>><GeneOrGeneProduct>",
      "gap=10",
      "between:strongly",
      "between:strongly|GeneOrGeneProduct|GeneOrGeneProduct",
      "between:binds",
      "between:binds|GeneOrGeneProduct|GeneOrGeneProduct",
      "between2:strongly_binds",
      "between:the",
      "between:the|GeneOrGeneProduct|GeneOrGeneProduct",
      "between2:binds_the",
      "between:a_b",
      "between:a_b|GeneOrGeneProduct|GeneOrGeneProduct",
      "between2:the_a_b",
      "between:c",
      "between:c|GeneOrGeneProduct|GeneOrGeneProduct",
      "between2:a_b_c",
      "between:a",
      "between:a|GeneOrGeneProduct|GeneOrGeneProduct",
      "between2:c_a",
      "between:b_c",
      "between:b_c|GeneOrGeneProduct|GeneOrGeneProduct",
      "trigger-between=bind",
      "trigger-between=bind|GeneOrGeneProduct|GeneOrGeneProduct",
      "after:in",
      "after:0",
      "after:cells",
      "sentence:<GeneOrGeneProduct>",
      "sentence:strongly",
      "sentence:binds",
      "sentence:the",
      "sentence:a_b",
      "sentence:c",
      "sentence:a",
      "sentence:b_c",
      "sentence:in",
      "sentence:0",
      "sentence:cells",
      "sentence:.",
      "trigger-sentence=bind",
      "trigger-sentence=comparison",
      "trigger-sentence=positive",
    ]);
  });

  it("do not depend on which pairs of the document were read before", () => {
    const doc = document([text, "[CY] and [DX] and [GB] were studied with [CY] again."]);
    const data = buildDataset([doc]);
    const pairs = data.pairs[0] ?? [];
    expect(pairs.length).toBeGreaterThan(3);
    const options = { typedWords: true, sentenceWords: true };
    const shared = documentWords(doc, data.concepts[0] ?? []);
    const forward = pairs.map((p) => pairFeatures(shared, p, options));
    const reverse = pairs.map((p) => pairFeatures(shared, p, options));
    const fresh = [...pairs]
      .reverse()
      .map((p) => pairFeatures(documentWords(doc, data.concepts[0] ?? []), p, options))
      .reverse();
    expect(reverse).toEqual(forward);
    expect(fresh).toEqual(forward);
    for (const names of forward) expect(new Set(names).size).toBe(names.length);
  });

  it("place nested mentions on the same words as a scan of every word would", () => {
    const doc = document(["The [GBRCA1] gene and [DX] were linked."]);
    // a second, longer mention holding the gene's name and the next word
    const passage = doc.passages[0] as BioCDocument["passages"][number];
    const start = (passage.text ?? "").indexOf("GBRCA1");
    passage.annotations.push({
      id: "outer",
      infons: { type: "GeneOrGeneProduct", identifier: "GOUTER" },
      text: "GBRCA1 gene",
      locations: [{ offset: start, length: "GBRCA1 gene".length }],
    });
    const data = buildDataset([doc]);
    const concepts = data.concepts[0] ?? [];
    const words = documentWords(doc, concepts);
    const mentions = concepts.flatMap((c) => c.mentions.map((m) => ({ ...m, type: c.type })));
    const mentionOf = new Int32Array(words.layout.words.length).fill(-1);
    const spans = new Map<string, [number, number]>();
    mentions.forEach((m, i) => {
      let first = -1;
      let last = -1;
      words.layout.words.forEach((word, w) => {
        if (word.start < m.start || word.end > m.end) return;
        if (first < 0) first = w;
        last = w;
        mentionOf[w] = i;
      });
      if (first >= 0) spans.set(`${m.start}:${m.end}`, [first, last + 1]);
    });
    expect(mentions.length).toBe(3);
    expect(words.mentionOf).toEqual(mentionOf);
    expect(words.mentionWords).toEqual(spans);
  });
});
