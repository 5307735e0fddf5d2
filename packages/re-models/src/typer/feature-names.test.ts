import { describe, expect, it } from "vitest";
import { FeatureNames, NameFamily, bucketLabels } from "./feature-names.js";

describe("FeatureNames", () => {
  it("lists each name once per pair, in the order first added, however it was spelled", () => {
    const names = new FeatureNames();
    const bigrams = new NameFamily<number>("between2:");
    names.begin();
    names.add("bias");
    names.addIn(bigrams, 1, "a_b_c");
    names.add("between2:a_b_c"); // the same name reached another way
    names.addIn(bigrams, 2, "a_b_c");
    names.add("bias");
    const first = names.end();
    expect(first).toEqual(["bias", "between2:a_b_c"]);
    names.begin();
    names.addIn(bigrams, 2, "ignored: index 2 already has its name");
    names.add("bias");
    const second = names.end();
    expect(second).toEqual(["between2:a_b_c", "bias"]);
    expect(first).toEqual(["bias", "between2:a_b_c"]); // a pair's list is its own
    expect(second[0]).toBe(first[1]); // one string object per name
  });

  it("labels counts by bucket as before: the first edge at or above, else >last", () => {
    const label = bucketLabels([0, 2, 5]);
    expect([-1, 0, 1, 2, 3, 5, 6].map(label)).toEqual(["0", "0", "2", "2", "5", "5", ">5"]);
  });
});
