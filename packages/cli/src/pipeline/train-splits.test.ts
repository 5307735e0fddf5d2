import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  CircleLoss,
  ContrastiveLoss,
  HardNegativeContrastiveLoss,
  MultiSimilarityLoss,
  MultiSimilarityMiner,
  NTXentLoss,
  SupConLoss,
  TopKHardNegativesMiner,
  TopKHardPairsMiner,
  TripletMarginLoss,
  TripletMarginMiner,
} from "@biore/hard-negative-miner";
import { describe, expect, it } from "vitest";
import { UserError } from "../user-error.js";
import { HNM_DEFAULTS, HNM_LOSSES, hnmOptionsOf } from "./hnm-presets.js";
import { parseTrainSplits, readTrainingSplits, untrainedSplits } from "./train-splits.js";

const pubtator = (id: string) => `${id}|t|Aspirin causes pain.\n${id}|a|Nothing else.\n\n`;

describe("--train-splits", () => {
  it("parses split lists and refuses unknown or repeated names", () => {
    expect(parseTrainSplits("train,dev")).toEqual(["train", "dev"]);
    expect(parseTrainSplits(" Train ")).toEqual(["train"]);
    expect(() => parseTrainSplits("train,devel")).toThrow(/unknown split/);
    expect(() => parseTrainSplits("train,train")).toThrow(/twice/);
  });

  it("reads the named splits in order and refuses a document found in two of them", async () => {
    const dir = mkdtempSync(join(tmpdir(), "biore-splits-"));
    writeFileSync(join(dir, "Train.PubTator"), pubtator("1") + pubtator("2"));
    writeFileSync(join(dir, "Dev.PubTator"), pubtator("3"));
    const read = await readTrainingSplits(dir, ["train", "dev"]);
    expect(read.documents.map((d) => d.id)).toEqual(["1", "2", "3"]);
    expect(read.files).toHaveLength(2);
    writeFileSync(join(dir, "Dev.PubTator"), pubtator("2"));
    const overlap = readTrainingSplits(dir, ["train", "dev"]);
    await expect(overlap).rejects.toBeInstanceOf(UserError);
    await expect(overlap).rejects.toThrow(/document 2 is in both/);
  });

  it("names the splits beside the trained ones, so pre-training text can leave them out", async () => {
    const dir = mkdtempSync(join(tmpdir(), "biore-splits-"));
    writeFileSync(join(dir, "Train.PubTator"), pubtator("1"));
    writeFileSync(join(dir, "Dev.PubTator"), pubtator("3") + pubtator("4"));
    writeFileSync(join(dir, "Test.PubTator"), pubtator("5"));
    const kept = await untrainedSplits(dir, ["train"]);
    expect(kept.map((k) => [k.what, [...k.ids]])).toEqual([
      ["the dev split", ["3", "4"]],
      ["the test split", ["5"]],
    ]);
    expect((await untrainedSplits(dir, ["train", "dev"])).map((k) => k.what)).toEqual([
      "the test split",
    ]);
    expect(await untrainedSplits(join(dir, "Train.PubTator"), ["train"])).toEqual([]);
  });
});

describe("HNM presets", () => {
  it("turn every loss name into its hard-negative-miner class, with fresh instances per run", () => {
    const classes = [
      SupConLoss,
      NTXentLoss,
      TripletMarginLoss,
      ContrastiveLoss,
      MultiSimilarityLoss,
      CircleLoss,
      HardNegativeContrastiveLoss,
    ];
    HNM_LOSSES.forEach((name, i) => {
      const options = hnmOptionsOf({ ...HNM_DEFAULTS, hnmLoss: name });
      expect(options.loss).toBeInstanceOf(classes[i]);
    });
    const a = hnmOptionsOf(HNM_DEFAULTS);
    expect(a.loss).not.toBe(hnmOptionsOf(HNM_DEFAULTS).loss);
  });

  it("take the miner's epsilon from --hnm-epsilon and the semi-hard miner's margin from --hnm-margin", () => {
    const ms = hnmOptionsOf({
      ...HNM_DEFAULTS,
      hnmMiner: "multi-similarity",
      hnmEpsilon: 0.05,
      hnmMargin: 0.7,
    }).miner;
    expect(ms).toBeInstanceOf(MultiSimilarityMiner);
    expect((ms as MultiSimilarityMiner).epsilon).toBe(0.05);
    const semi = hnmOptionsOf({ ...HNM_DEFAULTS, hnmMiner: "semihard", hnmMargin: 0.3 }).miner;
    expect(semi).toBeInstanceOf(TripletMarginMiner);
    expect((semi as TripletMarginMiner).margin).toBe(0.3);
    expect(hnmOptionsOf({ ...HNM_DEFAULTS, hnmMiner: "none" }).miner).toBeNull();
    const pairs = hnmOptionsOf({ ...HNM_DEFAULTS, hnmK: 7, hnmPositives: 3 }).miner; // the default miner
    expect(pairs).toBeInstanceOf(TopKHardPairsMiner);
    expect((pairs as TopKHardPairsMiner).negatives).toBe(7);
    expect((pairs as TopKHardPairsMiner).positives).toBe(3);
    const topK = hnmOptionsOf({ ...HNM_DEFAULTS, hnmMiner: "top-k", hnmK: 7 }).miner;
    expect(topK).toBeInstanceOf(TopKHardNegativesMiner);
    expect((topK as TopKHardNegativesMiner).k).toBe(7);
  });
});
