import { describe, expect, it } from "vitest";
import { embeddingMeans, perTypeMeans, seedCountText, summarize } from "./seed-means.js";
import { seedReport, THREE_SEEDS } from "./testing/seed-report.js";

describe("summarize", () => {
  it("gives mean, min, max and count, and nothing for no values", () => {
    expect(summarize([0.2, 0.8, 0.5])).toEqual({ mean: 0.5, min: 0.2, max: 0.8, seeds: 3 });
    expect(summarize([])).toBeUndefined();
  });
});

describe("perTypeMeans", () => {
  const rows = perTypeMeans(seedReport(THREE_SEEDS));
  const row = (label: string) => rows.find((r) => r.label === label)!;

  it("averages every seed of each model and takes HNM − baseline of the means", () => {
    expect(rows.map((r) => r.label)).toEqual(["A", "B", "C"]);
    const a = row("A");
    expect(a.support).toEqual({ min: 10, max: 10 });
    expect(a.f1.baseline!.mean).toBeCloseTo(0.6, 12);
    expect(a.f1.baseline).toMatchObject({ min: 0.5, max: 0.7, seeds: 3 });
    expect(a.f1.hnm!.mean).toBeCloseTo(0.7, 12);
    expect(a.f1.hnm).toMatchObject({ min: 0.6, max: 0.8, seeds: 3 });
    expect(a.difference).toBeCloseTo(0.1, 12);
  });

  it("averages a type over the seeds that scored it", () => {
    const b = row("B");
    expect(b.f1.baseline!.mean).toBeCloseTo(0.3, 12);
    expect(b.f1.baseline).toMatchObject({ min: 0.2, max: 0.4, seeds: 2 });
    expect(b.f1.hnm!.mean).toBeCloseTo(0.4, 12);
    expect(b.difference).toBeCloseTo(0.1, 12);
  });

  it("leaves the difference out for a type only one model scored", () => {
    const c = row("C");
    expect(c.f1.baseline).toBeUndefined();
    expect(c.f1.hnm!.mean).toBeCloseTo(0.3, 12);
    expect(c.f1.hnm).toMatchObject({ min: 0.1, max: 0.5, seeds: 3 });
    expect(c.difference).toBeUndefined();
    expect(c.support).toEqual({ min: 2, max: 2 });
  });
});

describe("embeddingMeans", () => {
  it("averages each score per model and space, with HNM − baseline per space", () => {
    const [pair, projection, ...rest] = embeddingMeans(seedReport(THREE_SEEDS));
    expect(rest).toEqual([]);
    expect(pair!.space).toBe("pair embedding");
    const means = (m: "baseline" | "hnm") =>
      Object.values(pair!.models[m]!).map((s) => Number(s.mean.toFixed(12)));
    expect(means("baseline")).toEqual([0.2, 0.3, 0.6, 0.4]);
    expect(means("hnm")).toEqual([0.4, 0.5, 0.7, 0.6]);
    expect(Object.values(pair!.difference!).map((d) => Number(d.toFixed(12)))).toEqual([
      0.2, 0.2, 0.1, 0.2,
    ]);
    // HNM's runs measured no projection: baseline's means alone, no difference.
    expect(projection!.space).toBe("projection");
    expect(projection!.models.hnm).toBeUndefined();
    expect(projection!.models.baseline!.nmi.mean).toBeCloseTo(0.2, 12);
    expect(projection!.difference).toBeUndefined();
  });

  it("leaves out a space no run measured", () => {
    const noProjection = THREE_SEEDS.map(({ projection: _, ...spec }) => spec);
    expect(embeddingMeans(seedReport(noProjection)).map((e) => e.space)).toEqual([
      "pair embedding",
    ]);
  });
});

describe("seedCountText", () => {
  it("says 1 seed, n seeds, or each model's count when they differ", () => {
    expect(seedCountText(seedReport(THREE_SEEDS.slice(0, 2)))).toBe("1 seed");
    expect(seedCountText(seedReport(THREE_SEEDS))).toBe("3 seeds");
    expect(seedCountText(seedReport(THREE_SEEDS.slice(0, 5)))).toBe(
      "baseline 3 seeds, HNM 2 seeds",
    );
  });
});
