import { describe, expect, it } from "vitest";
import { embeddingQuality, projectEmbeddings } from "./embedding-quality.js";

/** Two well-separated types in 3-D, `perType` points each, jittered deterministically. */
function clustered(perType: number, spread: number) {
  const data: number[] = [];
  const labels: string[] = [];
  for (let i = 0; i < perType * 2; i++) {
    const type = i % 2;
    const jitter = ((i * 37) % 11) / 11 - 0.5;
    data.push(type === 0 ? 5 : -5, jitter * spread, (jitter * spread) / 2);
    labels.push(type === 0 ? "Bind" : "Association");
  }
  return { data: Float32Array.from(data), dim: 3, labels };
}

describe("embedding quality", () => {
  it("separable types score ARI = NMI = P@1 = MAP@R = 1", () => {
    const q = embeddingQuality(clustered(20, 1), 1);
    expect(q).toMatchObject({ pairs: 40, k: 2, ari: 1, nmi: 1, precisionAt1: 1, mapAtR: 1 });
  });

  it("fewer than two types gives NaN rather than a fake score", () => {
    const q = embeddingQuality({ data: new Float32Array(6), dim: 3, labels: ["Bind", "Bind"] }, 1);
    expect(q.k).toBe(1);
    expect(Number.isNaN(q.ari)).toBe(true);
  });

  it("projects to 2-D along the separating axis, keeping labels", () => {
    const p = projectEmbeddings(clustered(10, 1));
    expect(p.points).toHaveLength(20);
    expect(p.explainedVariance[0]).toBeGreaterThan(0.9);
    const bind = p.points.filter((pt) => pt.label === "Bind").map((pt) => Math.sign(pt.x));
    expect(new Set(bind).size).toBe(1);
    expect(projectEmbeddings(clustered(10, 1), 5).points).toHaveLength(5);
  });
});
