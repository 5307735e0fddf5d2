/**
 * Test reference: a line-by-line TypeScript port of NCBI's BioRED evaluation, `eval()` and
 * `retrive_relation_pairs_dict()` in `src/utils/run_pubtator_eval.py` of github.com/ncbi/BioREx
 * at commit 1f199d8c359eaceb5469538f4daa24aac44c4eae (`Lnnn` = line in that file), called with
 * `eval`'s defaults (re_id_spliter_str ",", no homologue or variant-group maps, all type pairs
 * but the excluded ones). Deliberately naive and independent of the package's own scoring,
 * which the tests compare against it; not part of the public API.
 */

/** tp/fp/fn and P/R/F1 as `eval` computes them (L848-850). */
export interface NcbiEvalResult {
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
  f1: number;
}

/** Per-PMID sets of `(id1, id2, rel_type, ne_type1, ne_type2)` tuples, joined by NUL. */
type PairsDict = Map<string, Set<string>>;

/** Python's `for line in file` (L561): lines without the newline, no extra last "". */
function pythonLines(text: string): string[] {
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  if (lines.at(-1) === "") lines.pop();
  return lines;
}

/** `retrive_relation_pairs_dict` (L523-671) with its default arguments. */
export function retriveRelationPairsDict(
  text: string,
  toBinary: boolean,
  hasNovelty: boolean,
): PairsDict {
  const pmid2RelPairs: PairsDict = new Map();
  let relPairsSet = new Set<string>(); // L537
  let id2NeType = new Map<string, string>(); // L538
  let pmid = ""; // L558
  for (const rawLine of pythonLines(text)) {
    const line = rawLine.trimEnd(); // L562 rstrip()
    if (line === "") {
      // L564-570: a blank line stores the current PMID's set (even empty) and resets.
      pmid2RelPairs.set(pmid, relPairsSet);
      relPairsSet = new Set();
      id2NeType = new Map();
      continue;
    }
    let tks = line.split("|"); // L572
    if (tks.length > 1 && (tks[1] === "t" || tks[1] === "a")) {
      pmid = tks[0]!; // L575
      continue;
    }
    tks = line.split("\t"); // L577
    if (tks.length === 5 || tks.length === 4) {
      // A relation line (L579-639).
      // L580: set once per line, *not* per pair: with has_novelty and to_binary False, each
      // further pair of a multi-identifier relation appends another "|novelty" (L617-618).
      let relType = tks[1]!;
      for (let id1 of tks[2]!.split(",")) {
        for (let id2 of tks[3]!.split(",")) {
          if (id1.includes("@")) id1 = id1.split("@")[1]!; // L589-590
          if (id2.includes("@")) id2 = id2.split("@")[1]!; // L591-592
          const neType1 = id2NeType.get(id1); // L601: Python raises KeyError when absent
          const neType2 = id2NeType.get(id2);
          if (neType1 === undefined || neType2 === undefined) {
            throw new Error(`KeyError in PMID ${pmid}: ${line}`);
          }
          const novelty = hasNovelty && tks.length !== 4 ? tks[4]! : "None"; // L609-612
          if (toBinary) relType = "Association"; // L614-615
          if (hasNovelty) relType += `|${novelty}`; // L617-618
          // L620-629: excluded entity-type pairs.
          if (neType1 === "DiseaseOrPhenotypicFeature" && neType2 === "DiseaseOrPhenotypicFeature")
            continue;
          if (neType1 === "GeneOrGeneProduct" && neType2 === "SequenceVariant") continue;
          if (neType2 === "GeneOrGeneProduct" && neType1 === "SequenceVariant") continue;
          if (neType2 === "GeneOrGeneProduct" && neType1 === "OrganismTaxon") continue;
          if (neType2 === "OrganismTaxon" && neType1 === "GeneOrGeneProduct") continue;
          // L636-639: order the pair by identifier.
          const tuple =
            id2 > id1
              ? [id1, id2, relType, neType1, neType2]
              : [id2, id1, relType, neType2, neType1];
          relPairsSet.add(tuple.join("\u0000"));
        }
      }
    } else {
      // A mention line (L640-665): its identifier(s) get the entity type; the last one wins.
      if (tks.length < 6) throw new Error(`IndexError in PMID ${pmid}: ${line}`); // tks[5]
      let id = tks[5]!;
      if (id.includes("@")) id = id.split("@")[1]!; // L646-647
      const neType = tks[4]!;
      for (const part of id.split(",")) id2NeType.set(part, neType); // L659-665
    }
  }
  if (relPairsSet.size !== 0) pmid2RelPairs.set(pmid, relPairsSet); // L667-668
  return pmid2RelPairs;
}

/** `eval` (L673-897) without its file output: gold and prediction PubTator texts in. */
export function ncbiEval(
  goldText: string,
  predText: string,
  toBinary: boolean,
  hasNovelty: boolean,
): NcbiEvalResult {
  const gold = retriveRelationPairsDict(goldText, toBinary, hasNovelty);
  const pred = retriveRelationPairsDict(predText, toBinary, hasNovelty);
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const [pmid, goldPairs] of gold) {
    const predPairs = pred.get(pmid);
    if (predPairs === undefined) continue; // L762: PMIDs absent from the predictions are skipped
    for (const pair of goldPairs) {
      if (predPairs.has(pair)) tp++;
      else fn++;
    }
    for (const pair of predPairs) if (!goldPairs.has(pair)) fp++; // L801-803
  }
  for (const [pmid, predPairs] of pred) {
    if (!gold.has(pmid)) fp += predPairs.size; // L816-822
  }
  const precision = tp + fp !== 0 ? tp / (tp + fp) : 0;
  const recall = tp + fn !== 0 ? tp / (tp + fn) : 0;
  const f1 = precision + recall !== 0 ? (2 * precision * recall) / (precision + recall) : 0;
  return { tp, fp, fn, precision, recall, f1 };
}

/** The four BioRED levels as `eval`'s (to_binary, has_novelty) arguments. */
export const NCBI_LEVEL_ARGUMENTS = {
  pair: [true, false],
  pairType: [false, false],
  pairNovelty: [true, true],
  all: [false, true],
} as const;
