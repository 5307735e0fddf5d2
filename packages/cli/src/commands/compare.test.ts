import { existsSync, mkdirSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readCollection, writeCollection } from "@biore/bioc-io";
import { dataFile, haveData } from "@biore/test-data";
import { describe, expect, it } from "vitest";
import { run } from "../program.js";
import type { CompareReport } from "../reports/types.js";

const DEV = dataFile("biored", "Dev.BioC.JSON");

describe.skipIf(!haveData(DEV))("biore compare on a tiny slice of BioRED Dev", () => {
  it("trains both models with the same seed, prints the table and writes report/", async () => {
    const work = mkdtempSync(join(tmpdir(), "biore-compare-"));
    const data = join(work, "data");
    mkdirSync(data);
    const dev = await readCollection(DEV);
    writeCollection(
      { ...dev, documents: dev.documents.slice(40, 52) },
      join(data, "Train.BioC.JSON"),
    );
    writeCollection(
      { ...dev, documents: dev.documents.slice(52, 58) },
      join(data, "Dev.BioC.JSON"),
    );
    const out: string[] = [];
    const err: string[] = [];
    const reportDir = join(work, "report");
    const code = await run(
      [
        "--backend",
        "cpu",
        "compare",
        "--data",
        data,
        "--epochs",
        "2",
        "--seeds",
        "1",
        "--ensemble",
        "1",
        "--bootstrap",
        "100",
        "--out",
        reportDir,
      ],
      { out: (l) => out.push(l), err: (l) => err.push(l) },
    );
    expect(err.filter((l) => l.startsWith("error"))).toEqual([]);
    expect(code).toBe(0);
    const text = out.join("\n");
    expect(text).toMatch(
      /BioRED micro-F1\s+baseline \[95% CI\]\s+HNM \[95% CI\]\s+HNM − baseline \[95% CI\]\s+p \(HNM > baseline\)/,
    );
    expect(text).toMatch(/^entity pair\s+\d\.\d{3} \[\d\.\d{3}, \d\.\d{3}\]\s+\d\.\d{3} \[/m);
    for (const f of ["results.json", "results.md", "index.html"])
      expect(existsSync(join(reportDir, f)), f).toBe(true);
    const report = JSON.parse(
      readFileSync(join(reportDir, "results.json"), "utf8"),
    ) as CompareReport;
    expect(report.runs.map((r) => `${r.model}:${r.seed}`)).toEqual(["baseline:1", "hnm:1"]);
    expect(report.data.evalSplit).toBe("dev");
    // no --selection-window: the trainer's default holds and the settings say nothing
    expect(report.settings).not.toHaveProperty("selectionWindow");
    expect(report.settings).not.toHaveProperty("typerTypesOnly");
    // Identical settings: same number of epochs and, before the contrastive term starts, the same loss.
    const [baseline, hnm] = report.runs;
    expect(hnm!.history[0]!.loss).toBeCloseTo(baseline!.history[0]!.loss, 6);
    expect(report.comparison).toHaveLength(4);
    for (const row of report.comparison) {
      expect(row.pValue).toBeGreaterThan(0);
      expect(row.pValue).toBeLessThanOrEqual(1);
      expect(row.difference).toBeCloseTo(row.hnm.estimate - row.baseline.estimate, 9);
      expect(row.differenceInterval.low).toBeLessThanOrEqual(row.difference);
      expect(row.differenceInterval.high).toBeGreaterThanOrEqual(row.difference);
    }
    expect(report.runs[0]!.projection.points.length).toBe(
      report.runs[0]!.evaluation.embedding.pairs,
    );
  }, 300_000);

  it("--ensemble n trains n models per kind and seed and reports each ensemble as one seed", async () => {
    const work = mkdtempSync(join(tmpdir(), "biore-compare-ens-"));
    const data = join(work, "data");
    mkdirSync(data);
    const dev = await readCollection(DEV);
    writeCollection(
      { ...dev, documents: dev.documents.slice(40, 50) },
      join(data, "Train.BioC.JSON"),
    );
    writeCollection(
      { ...dev, documents: dev.documents.slice(52, 56) },
      join(data, "Dev.BioC.JSON"),
    );
    const out: string[] = [];
    const err: string[] = [];
    const reportDir = join(work, "report");
    const args = ["--backend", "cpu", "compare", "--data", data, "--epochs", "1"];
    const code = await run(
      [
        ...args,
        ...["--ensemble", "2", "--seeds", "2", "--bootstrap", "20", "--out", reportDir],
        ...["--selection-window", "1", "--typer-types-only"],
      ],
      { out: (l) => out.push(l), err: (l) => err.push(l) },
    );
    expect(err.filter((l) => l.startsWith("error"))).toEqual([]);
    expect(code).toBe(0);
    expect(out.join("\n")).toMatch(/2 seeds, each an ensemble of 2 models/);
    // members 1-2 make seed 1's ensemble, members 3-4 seed 3's: ensembles share no model
    // (the default linear typer adds " with typer (...)" before the scores)
    expect(
      err.filter((l) => / ensemble of 2 \(seeds \d-\d\)( with typer \(.*\))?: dev/.test(l)),
    ).toEqual([
      expect.stringMatching(/^baseline ensemble of 2 \(seeds 1-2\)/),
      expect.stringMatching(/^hnm ensemble of 2 \(seeds 1-2\)/),
      expect.stringMatching(/^baseline ensemble of 2 \(seeds 3-4\)/),
      expect.stringMatching(/^hnm ensemble of 2 \(seeds 3-4\)/),
    ]);
    const report = JSON.parse(
      readFileSync(join(reportDir, "results.json"), "utf8"),
    ) as CompareReport;
    expect(report.settings).toMatchObject({
      seeds: [1, 3],
      ensemble: 2,
      selectionWindow: 1,
      typerWeight: 0.75,
      typerTypesOnly: true,
    });
    expect(readFileSync(join(reportDir, "results.md"), "utf8")).toMatch(
      /With --typer-types-only it picked only the type/,
    );
    expect(report.runs.map((r) => `${r.model}:${r.seed}`)).toEqual([
      "baseline:1",
      "hnm:1",
      "baseline:3",
      "hnm:3",
    ]);
    const refused: string[] = [];
    const bad = await run([...args, "--ensemble", "0"], {
      out: () => {},
      err: (l) => refused.push(l),
    });
    expect(bad).not.toBe(0);
    expect(refused.join("\n")).toMatch(/--ensemble.*expected an integer ≥ 1, got "0"/);
    refused.length = 0;
    const badWindow = await run([...args, "--selection-window", "2"], {
      out: () => {},
      err: (l) => refused.push(l),
    });
    expect(badWindow).not.toBe(0);
    expect(refused.join("\n")).toMatch(/--selection-window.*expected 1 .* or 3 .*, got "2"/);
    refused.length = 0;
    const typesOnlyAlone = await run([...args, "--typer-weight", "0", "--typer-types-only"], {
      out: () => {},
      err: (l) => refused.push(l),
    });
    expect(typesOnlyAlone).not.toBe(0);
    expect(refused.join("\n")).toMatch(/--typer-types-only .* --typer-weight 0 fits no typer/);
  }, 300_000);
});
