import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Tokenizer, UNK_ID } from "../tokenizer.js";
import { splitSentences } from "./sentences.js";
import { splitWords } from "./words.js";

const biomedicalText = fc
  .array(
    fc.constantFrom(
      "p.V1763M",
      "rs1042522",
      "et al.",
      "E. coli",
      "1.5",
      "mg/kg",
      "(IL-6)",
      "TGF-beta1",
      ".",
      ",",
      " ",
      "  ",
      "\n",
      "The",
      "cells",
      "died.",
      "Fig. 2",
      "e.g.",
      "?",
      "!",
      "α",
      "1.",
      "Ca2+",
      "",
    ),
    { maxLength: 40 },
  )
  .map((parts) => parts.join(" "));

const nonSpace = (text: string, from: number, to: number) =>
  text.slice(from, to).replace(/\s+/g, "");

describe("text splitting properties", () => {
  it("sentences are ordered, disjoint, trimmed and cover every non-space character", () => {
    fc.assert(
      fc.property(biomedicalText, (text) => {
        const spans = splitSentences(text);
        let previous = 0;
        let covered = "";
        for (const s of spans) {
          expect(s.start).toBeGreaterThanOrEqual(previous);
          expect(s.end).toBeGreaterThan(s.start);
          expect(text[s.start]!.trim()).not.toBe("");
          expect(text[s.end - 1]!.trim()).not.toBe("");
          covered += nonSpace(text, s.start, s.end);
          previous = s.end;
        }
        expect(covered).toBe(nonSpace(text, 0, text.length));
      }),
    );
  });

  it("words cover every non-space character, contain no space, and respect forced boundaries", () => {
    fc.assert(
      fc.property(
        biomedicalText,
        fc.array(fc.nat({ max: 300 }), { maxLength: 8 }),
        (text, cuts) => {
          const boundaries = [...new Set(cuts)].sort((a, b) => a - b);
          const words = splitWords(text, 0, boundaries);
          expect(words.map((w) => text.slice(w.start, w.end)).join("")).toBe(
            nonSpace(text, 0, text.length),
          );
          for (const w of words) {
            expect(/\s/.test(text.slice(w.start, w.end))).toBe(false);
            expect(boundaries.some((b) => b > w.start && b < w.end)).toBe(false);
          }
        },
      ),
    );
  });

  it("sub-word pieces spell the word back unless a character was never seen", () => {
    const tokenizer = Tokenizer.fit(
      ["BRCA1", "mutation", "p.V1763M", "carriers", "tamoxifen", "α-synuclein"],
      {
        minWordCount: 2,
        minPieceCount: 1,
      },
    );
    fc.assert(
      fc.property(
        fc.string({
          unit: fc.constantFrom(..."BRCA1mutaionp.V763Mcrsxfeα-yl"),
          minLength: 1,
          maxLength: 20,
        }),
        (word) => {
          const ids = tokenizer.encodeWord(word);
          if (ids.length === 1 && ids[0] === UNK_ID) return;
          expect(ids.map((id) => tokenizer.token(id).replace(/^##/, "")).join("")).toBe(word);
        },
      ),
    );
  });
});
