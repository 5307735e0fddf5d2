import { describe, expect, it } from "vitest";
import { splitSentences } from "./sentences.js";
import { splitWords } from "./words.js";

const sentences = (text: string, protect: Array<[number, number]> = []) =>
  splitSentences(
    text,
    protect.map(([start, end]) => ({ start, end })),
  ).map((s) => text.slice(s.start, s.end));

const words = (text: string, boundaries: number[] = []) =>
  splitWords(text, 0, boundaries).map((w) => text.slice(w.start, w.end));

describe("splitSentences", () => {
  it("splits at sentence ends but not after abbreviations, decimals or species names", () => {
    expect(
      sentences(
        "Smith et al. Reported 1.5 mg/kg. Growth of E. coli and S. cerevisiae was slow, e.g. In vitro. Results were clear! Why? (See Fig. 2.) Done.",
      ),
    ).toEqual([
      "Smith et al. Reported 1.5 mg/kg.",
      "Growth of E. coli and S. cerevisiae was slow, e.g. In vitro.",
      "Results were clear!",
      "Why?",
      "(See Fig. 2.)",
      "Done.",
    ]);
  });

  it("never splits inside a protected span such as a mention", () => {
    const text = "Infected with S. Typhimurium. The mice died.";
    expect(sentences(text)).toEqual(["Infected with S.", "Typhimurium.", "The mice died."]);
    expect(sentences(text, [[14, 28]])).toEqual([
      "Infected with S. Typhimurium.",
      "The mice died.",
    ]);
  });

  it("keeps numbered-list markers with their item", () => {
    expect(sentences("Two findings. 1. Cells died. 2. Mice lived.")).toEqual([
      "Two findings.",
      "1. Cells died.",
      "2. Mice lived.",
    ]);
  });

  it("trims space and keeps a last sentence without final period", () => {
    expect(sentences("  One.  Two three  ")).toEqual(["One.", "Two three"]);
    expect(sentences("")).toEqual([]);
  });
});

describe("splitWords", () => {
  it("keeps variants, chemicals, gene symbols and decimals whole", () => {
    expect(
      words("p.V1763M and rs1042522 in c.1314_1328del, g.3318-6T>A; 1,25-dihydroxyvitamin D3"),
    ).toEqual([
      "p.V1763M",
      "and",
      "rs1042522",
      "in",
      "c.1314_1328del",
      ",",
      "g.3318-6T>A",
      ";",
      "1,25-dihydroxyvitamin",
      "D3",
    ]);
    expect(words("TGF-beta1 (IL-6) raised Ca2+ by 1.4%.")).toEqual([
      "TGF-beta1",
      "(",
      "IL-6",
      ")",
      "raised",
      "Ca2",
      "+",
      "by",
      "1.4",
      "%",
      ".",
    ]);
    expect(words("α-synuclein’s role")).toEqual(["α-synuclein", "’", "s", "role"]);
  });

  it("splits a word at forced boundaries so mentions cover whole words", () => {
    expect(words("NIS-deficient cells", [3])).toEqual(["NIS", "-deficient", "cells"]);
    expect(words("HbF-inducing", [0, 3, 12])).toEqual(["HbF", "-inducing"]);
  });
});
