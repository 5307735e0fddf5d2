import { readCollection } from "@biore/bioc-io";
import { dataFile, haveData } from "@biore/test-data";
import { describe, expect, it } from "vitest";
import { run } from "../program.js";
import { computeFilePairStats, computePairStats, formatPairStats } from "./stats-pairs.js";

const dev = dataFile("biored", "Dev.BioC.JSON");

describe.runIf(haveData(dev))("stats --pairs", () => {
  it("reports concepts, pairs per label, candidate recall and token lengths of BioRED Dev", async () => {
    const stats = computePairStats((await readCollection(dev)).documents);
    // 8,917 concept pairs less the 1,533 disease-disease, gene-taxon and gene-variant ones that
    // BioRED's evaluation never scores (relation-dataset's default pair filter; all None in Dev).
    expect(stats).toMatchObject({
      schema: "biored",
      documents: 100,
      concepts: 1229,
      candidatePairs: 7384,
      goldRelations: 1162,
      mappedGoldRelations: 1161,
    });
    expect(stats.pairsByLabel.None).toBe(6223);
    expect(stats.unmappedGoldRelations).toHaveLength(1);
    const json = JSON.parse(JSON.stringify(stats));
    for (const key of [
      "documents",
      "concepts",
      "candidatePairs",
      "pairsByLabel",
      "goldRelations",
      "unmappedGoldRelations",
    ]) {
      expect(json).toHaveProperty(key);
    }
    const text = formatPairStats(stats).join("\n");
    expect(text).toContain("candidate pairs: 7,384");
    expect(text).toContain("candidate recall 99.91%");
    expect(text).toContain("24036311 R18 Bind 22083 - 22083: self-relation");
    expect(text).toMatch(/tokens per document: min \d+, p50 \d+/);
    // The file is streamed twice in flat memory, and gives exactly what the whole corpus gives.
    expect(await computeFilePairStats(dev)).toEqual(stats);
  });
});

describe.runIf(haveData(dev))("biore stats --pairs", () => {
  it("prints one JSON object with the file counts and the pair counts", async () => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await run(["stats", "--pairs", dev, "--json"], {
      out: (l) => out.push(l),
      err: (l) => err.push(l),
    });
    expect(code).toBe(0);
    expect(out).toHaveLength(1);
    const json = JSON.parse(out[0]!);
    expect(json).toMatchObject({
      documents: 100,
      concepts: 1229,
      candidatePairs: 7384, // see above: no pairs of type pairs the evaluation never scores
      goldRelations: 1162,
    });
    expect(json.relations).toBe(1162);
    expect(json.pairsByLabel.Association).toBe(560);
    expect(json.unmappedGoldRelations).toHaveLength(1);
    const text: string[] = [];
    expect(await run(["stats", "--pairs", dev], { out: (l) => text.push(l), err: () => {} })).toBe(
      0,
    );
    expect(text.join("\n")).toMatch(
      /relations +1162[\s\S]*candidate pairs: 7,384[\s\S]*candidate recall 99\.91%/,
    );
  });
});
