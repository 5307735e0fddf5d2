import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { dataFile, haveData } from "@biore/test-data";
import { afterAll, describe, expect, it } from "vitest";
import { run } from "../program.js";

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, output: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) } };
}

const dir = mkdtempSync(join(tmpdir(), "biore-stats-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("biore stats", () => {
  it("--json prints one object with the BioRED Train counts", async () => {
    const path = dataFile("biored", "Train.BioC.XML");
    if (!haveData(path)) return;
    const io = capture();
    expect(await run(["stats", path, "--json"], io.output)).toBe(0);
    expect(io.out).toHaveLength(1);
    const s = JSON.parse(io.out[0] as string);
    expect([s.documents, s.passages, s.annotations, s.relations]).toEqual([
      400, 800, 13_351, 4_178,
    ]);
    expect(s.format).toBe("xml");
    expect(
      Object.values(s.annotationsByType as Record<string, number>).reduce((a, b) => a + b, 0),
    ).toBe(13_351);
    expect(Object.keys(s.relationsByNovelty).sort()).toEqual(["No", "Novel"]);
  });

  it("reads PubTator and prints a table by type and novelty", async () => {
    const path = dataFile("biored", "Dev.PubTator");
    if (!haveData(path)) return;
    const io = capture();
    expect(await run(["stats", path], io.output)).toBe(0);
    expect(io.out[0]).toBe(`${path} (pubtator)`);
    expect(io.out).toContain("documents    100");
    expect(io.out).toContain("annotations  3533");
    expect(io.out).toContain("relations    1162");
    expect(io.out.some((l) => /^ {4}GeneOrGeneProduct +\d+$/.test(l))).toBe(true);
    expect(io.out).toContain("  by novelty:");
  });

  it("CDR relation types come from infons.relation", async () => {
    const path = dataFile("cdr", "CDR_DevelopmentSet.BioC.xml");
    if (!haveData(path)) return;
    const io = capture();
    expect(await run(["stats", path, "--json"], io.output)).toBe(0);
    expect(JSON.parse(io.out[0] as string).relationsByType).toEqual({ CID: 1_012 });
  });

  it("a 0-byte file: one error line with a hint", async () => {
    const path = join(dir, "empty.json");
    writeFileSync(path, "");
    const io = capture();
    expect(await run(["stats", path], io.output)).toBe(1);
    expect(io.err[0]).toMatch(/^error: the input is empty.*empty\.json/);
    expect(io.err[1]).toMatch(/^hint: /);
  });

  it("a missing file", async () => {
    const io = capture();
    expect(await run(["stats", join(dir, "missing.xml")], io.output)).toBe(1);
    expect(io.err[0]).toMatch(/^error: no such file/);
  });
});
