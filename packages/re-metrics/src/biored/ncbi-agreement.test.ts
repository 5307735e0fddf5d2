import { parsePubTator, pubTatorToBioC } from "@biore/bioc-io";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BIORED_LEVELS } from "./document-counts.js";
import { NCBI_LEVEL_ARGUMENTS, ncbiEval } from "./ncbi-eval-port.js";
import { bioredScores } from "./scores.js";

// Our scoring against ncbi-eval-port.ts, a line-by-line port of NCBI's own `eval`
// (ncbi/BioREx src/utils/run_pubtator_eval.py), on the same PubTator files.

type Mention = [identifier: string, type: string];
type Relation = [type: string, id1: string, id2: string, novelty: string];
interface DocSpec {
  id: string;
  mentions: Mention[];
  relations: Relation[];
}

/** PubTator text: the mentions' texts make up the title, in order; one blank line per document. */
function pubtator(docs: readonly DocSpec[]): string {
  return docs
    .map(({ id, mentions, relations }) => {
      const words = mentions.map((_, i) => `m${i}`);
      let offset = 0;
      const mentionLines = mentions.map(([identifier, type], i) => {
        const start = offset;
        offset += words[i]!.length + 1;
        return [id, start, start + words[i]!.length, words[i], type, identifier].join("\t");
      });
      const relationLines = relations.map((r) => [id, ...r].join("\t"));
      return [`${id}|t|${words.join(" ")}`, `${id}|a|text`, ...mentionLines, ...relationLines]
        .map((line) => `${line}\n`)
        .join("")
        .concat("\n");
    })
    .join("");
}

const collection = (text: string) => pubTatorToBioC(parsePubTator(text));

/** Both scorings of the same files: ours on the parsed collections, NCBI's port on the text. */
function bothWays(goldText: string, predText: string) {
  const ours = bioredScores(collection(goldText), collection(predText));
  const ncbi = Object.fromEntries(
    BIORED_LEVELS.map((level) => {
      const [toBinary, hasNovelty] = NCBI_LEVEL_ARGUMENTS[level];
      return [level, ncbiEval(goldText, predText, toBinary, hasNovelty)];
    }),
  );
  return { ours, ncbi };
}

const GENE = "GeneOrGeneProduct";
const DISEASE = "DiseaseOrPhenotypicFeature";
const CHEMICAL = "ChemicalEntity";
const VARIANT = "SequenceVariant";
const TAXON = "OrganismTaxon";
const CELL_LINE = "CellLine";

// Gold and predictions that hit every rule; the expected counts are derived per document below.
const GOLD: DocSpec[] = [
  {
    id: "101", // excluded type pairs, both orders of a pair
    mentions: [
      ["G1", GENE],
      ["D1", DISEASE],
      ["D2", DISEASE],
      ["V1", VARIANT],
      ["T1", TAXON],
      ["C1", CHEMICAL],
    ],
    relations: [
      ["Association", "G1", "D1", "Novel"],
      ["Association", "D1", "D2", "No"], // Disease-Disease: not scored
      ["Association", "G1", "V1", "No"], // Gene-Variant: not scored
      ["Positive_Correlation", "C1", "D1", "Novel"],
      ["Association", "V1", "D2", "No"],
    ],
  },
  {
    id: "102", // multi-identifier concepts
    mentions: [
      ["D3,D4", DISEASE],
      ["G2", GENE],
      ["C2", CHEMICAL],
      ["C3,C4", CHEMICAL],
    ],
    relations: [
      ["Association", "G2", "D3", "No"],
      ["Positive_Correlation", "C2", "D4", "Novel"],
      ["Bind", "C2", "C3", "No"],
      ["Bind", "C2", "C4", "No"],
    ],
  },
  {
    id: "103",
    mentions: [
      ["G3", GENE],
      ["D5", DISEASE],
    ],
    relations: [["Association", "G3", "D5", "No"]],
  },
  {
    id: "104",
    mentions: [
      ["G5", GENE],
      ["C6", CHEMICAL],
    ],
    relations: [["Bind", "G5", "C6", "Novel"]],
  },
  {
    id: "106", // X1 is annotated twice: the last type (SequenceVariant) wins
    mentions: [
      ["X1", GENE],
      ["G4", GENE],
      ["D7", DISEASE],
      ["X1", VARIANT],
    ],
    relations: [
      ["Association", "X1", "G4", "No"],
      ["Association", "X1", "D7", "No"],
    ],
  },
  {
    id: "107",
    mentions: [
      ["Y1", CHEMICAL],
      ["D8", DISEASE],
    ],
    relations: [["Association", "D8", "Y1", "No"]],
  },
];
const PREDICTED: DocSpec[] = [
  {
    id: "101",
    mentions: GOLD[0]!.mentions,
    relations: [
      ["Association", "D1", "G1", "Novel"], // reversed: all right
      ["Bind", "D2", "D1", "No"], // Disease-Disease: no false positive
      ["Bind", "V1", "G1", "Novel"], // Variant-Gene: none either
      ["Association", "G1", "T1", "No"], // Gene-Taxon: none either
      ["Negative_Correlation", "C1", "D1", "Novel"], // wrong type
      ["Association", "V1", "D2", "Novel"], // wrong novelty
      ["Bind", "C1", "G1", "No"], // not in gold, predicted with two types
      ["Association", "C1", "G1", "No"],
      ["Association", "T1", "D1", "No"], // Taxon-Disease is scored: a false positive
    ],
  },
  {
    id: "102",
    mentions: GOLD[1]!.mentions,
    relations: [
      ["Association", "G2", "D3,D4", "No"], // (D3, G2) right, (D4, G2) wrong
      ["Bind", "C3,C4", "C2", "No"], // (C2, C3) right; (C2, C4) right but for NCBI's "|No|No"
      ["Positive_Correlation", "C2", "D4", "Novel"],
      ["Association", "D3,D4", "D3", "No"], // Disease-Disease, twice: not scored
      ["Cotreatment", "C3,C4", "C3", "No"], // (C3, C3) and (C3, C4): two false positives
    ],
  },
  // 103 is missing: NCBI's eval does not count its gold relation
  { id: "104", mentions: GOLD[3]!.mentions, relations: [] }, // present, nothing predicted
  {
    id: "105",
    mentions: [
      ["C5", CHEMICAL],
      ["D6", DISEASE],
    ],
    relations: [["Association", "C5", "D6", "No"]],
  },
  {
    id: "106",
    mentions: GOLD[4]!.mentions,
    relations: [
      ["Bind", "X1", "G4", "No"],
      ["Association", "X1", "D7", "No"],
    ],
  },
  // Y1 typed differently than in gold: NCBI's tuples carry the types, so no match
  {
    id: "107",
    mentions: [
      ["Y1", GENE],
      ["D8", DISEASE],
    ],
    relations: [["Association", "D8", "Y1", "No"]],
  },
];

describe("BioRED scoring against NCBI's eval (ported)", () => {
  it("gives NCBI's counts on files that hit every rule", () => {
    const { ours, ncbi } = bothWays(pubtator(GOLD), pubtator(PREDICTED));
    // Per document (101 / 102 / 103 / 104 / 105 / 106 / 107):
    // pair: tp 3+4+0+0+0+1+0 = 8, fp 2 (C1G1, T1D1) + 3 (D4G2, C3C3, C3C4) + 1 (105) + 1 (107) = 7,
    //   fn 0 + 0 + 0 (103 skipped) + 1 (104) + 1 (107) = 2
    // pair+type: tp 2 (G1D1, V1D2) + 4 + 1 (106) = 7;
    //   fp 4 (C1D1 Neg, C1G1 x2, T1D1) + 3 + 1 + 1 = 9; fn 1 (C1D1 Pos) + 1 + 1 = 3
    // pair+novelty: tp 2 + 4 + 1 = 7; fp 3 (V1D2 Novel, C1G1 No, T1D1) + 3 + 1 + 1 = 8; fn 1 + 1 + 1 = 3
    // all: tp 1 + 3 (C2C4 loses to "|No|No") + 1 = 5; fp 5 + 4 + 1 + 1 = 11; fn 2 + 1 + 1 + 1 = 5
    const expected = {
      pair: { tp: 8, fp: 7, fn: 2 },
      pairType: { tp: 7, fp: 9, fn: 3 },
      pairNovelty: { tp: 7, fp: 8, fn: 3 },
      all: { tp: 5, fp: 11, fn: 5 },
    };
    for (const level of BIORED_LEVELS) {
      expect(ncbi[level], level).toMatchObject(expected[level]);
      expect(ours[level], level).toMatchObject(expected[level]);
      expect(ours[level].f1, level).toBeCloseTo(ncbi[level]!.f1, 14);
    }
    // excluded identifier pairs: gold 2 (101) + 1 (106); predicted 3 (101) + 2 (102) + 1 (106)
    expect(ours.excluded).toEqual({ gold: 3, predicted: 6 });
    expect(ours.missingFromPredictions).toEqual(["103"]);
    expect(ours.unknownDocuments).toEqual(["105"]);
  });

  it('scores every pair and every gold document with rules: "all-pairs"', () => {
    const s = bioredScores(collection(pubtator(GOLD)), collection(pubtator(PREDICTED)), {
      rules: "all-pairs",
    });
    // pair: 101 tp 5 (the excluded pairs now match too), fp 3 (G1T1, C1G1, D1T1);
    // 102 tp 4, fp 5 (+ D3D3, D3D4); 103 fn 1; 104 fn 1; 105 fp 1; 106 tp 2;
    // 107 tp 1 (entity types are not compared without the NCBI rules)
    expect(s.pair).toMatchObject({ tp: 12, fp: 9, fn: 2 });
    expect(s.excluded).toEqual({ gold: 0, predicted: 0 });
  });

  it("agrees with NCBI's eval on random files (fast-check)", () => {
    const ids = ["A", "B", "C", "D", "E"];
    const types = [GENE, DISEASE, CHEMICAL, VARIANT, TAXON, CELL_LINE];
    const identifier = fc
      .uniqueArray(fc.constantFrom(...ids), { minLength: 1, maxLength: 2 })
      .map((parts) => parts.join(","));
    const mention = fc.tuple(identifier, fc.constantFrom(...types));
    const relationOn = (mentions: Mention[]) => {
      // Arguments name annotated identifiers only (NCBI's eval raises KeyError otherwise).
      const annotated = [...new Set(mentions.flatMap(([id]) => id.split(",")))];
      const argument = fc
        .uniqueArray(fc.constantFrom(...annotated), { minLength: 1, maxLength: 2 })
        .map((parts) => parts.join(","));
      return fc.tuple(
        fc.constantFrom("Association", "Bind", "Positive_Correlation"),
        argument,
        argument,
        fc.constantFrom("Novel", "No"),
      );
    };
    const side = (mentions: Mention[]) => fc.array(relationOn(mentions), { maxLength: 6 });
    const document = fc
      .array(mention, { minLength: 1, maxLength: 5 })
      .chain((mentions) =>
        fc.record({
          mentions: fc.constant(mentions),
          // Predictions sometimes retype a mention: the types are part of NCBI's tuples.
          predictedMentions: fc
            .array(fc.boolean(), { minLength: mentions.length, maxLength: mentions.length })
            .chain((retype) =>
              fc.tuple(
                ...mentions.map(([id, type], i) =>
                  retype[i]
                    ? fc.constantFrom(...types).map((t): Mention => [id, t])
                    : fc.constant<Mention>([id, type]),
                ),
              ),
            ),
          inGold: fc.boolean(),
          inPredicted: fc.boolean(),
        }),
      )
      .chain((d) =>
        fc.record({
          d: fc.constant(d),
          gold: side(d.mentions),
          predicted: side(d.predictedMentions as Mention[]),
        }),
      );
    fc.assert(
      fc.property(fc.array(document, { maxLength: 6 }), (docs) => {
        const gold: DocSpec[] = [];
        const predicted: DocSpec[] = [];
        docs.forEach(({ d, gold: g, predicted: p }, i) => {
          const id = String(1000 + i);
          if (d.inGold) gold.push({ id, mentions: d.mentions, relations: g });
          if (d.inPredicted)
            predicted.push({ id, mentions: d.predictedMentions as Mention[], relations: p });
        });
        const { ours, ncbi } = bothWays(pubtator(gold), pubtator(predicted));
        for (const level of BIORED_LEVELS) {
          const { tp, fp, fn } = ours[level];
          expect({ tp, fp, fn }, level).toEqual({
            tp: ncbi[level]!.tp,
            fp: ncbi[level]!.fp,
            fn: ncbi[level]!.fn,
          });
        }
      }),
      { numRuns: 300, seed: 18 },
    );
  });
});
