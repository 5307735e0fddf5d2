import { describe, expect, it } from "vitest";
import {
  addWarningCounts,
  countWarnings,
  noShardWarnings,
  shardWarningLines,
} from "./shard-warnings.js";

describe("shard warnings", () => {
  it("nothing tolerated: no line", () => {
    expect(shardWarningLines("a.json", noShardWarnings())).toEqual([]);
  });

  it("one line per kind with counts by code and the first message", () => {
    const w = noShardWarnings();
    const read = countWarnings(w.read);
    const data = countWarnings(w.data);
    read({ code: "DANGLING_REFERENCE", message: "relation names concept X" });
    data({ code: "TRUNCATED", message: "document 1 cut at 512 tokens" });
    data({ code: "TRUNCATED", message: "document 2 cut at 512 tokens" });
    data({ code: "UNALIGNED_MENTION", message: "mention 7 falls between tokens" });
    expect(shardWarningLines("a.json", w)).toEqual([
      "warning: a.json read leniently: 1 DANGLING_REFERENCE; first: relation names concept X",
      "warning: a.json: candidate pairs built with 2 TRUNCATED, 1 UNALIGNED_MENTION; first: document 1 cut at 512 tokens",
    ]);
  });

  it("counts of several shards add up by code", () => {
    const total: Record<string, number> = {};
    addWarningCounts(total, { TRUNCATED: 2 });
    addWarningCounts(total, { TRUNCATED: 1, DANGLING_REFERENCE: 4 });
    expect(total).toEqual({ TRUNCATED: 3, DANGLING_REFERENCE: 4 });
  });
});
