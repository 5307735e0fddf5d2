import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { dataFile, haveData } from "@biore/test-data";
import { describe, expect, it } from "vitest";
import { discoverSplits, formatOfName, resolveSplit, splitOfName } from "./splits.js";

function folder(files: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), "biore-splits-"));
  for (const f of files) writeFileSync(join(dir, f), "");
  return dir;
}

describe("split discovery", () => {
  it("reads split and format from BioRED and CDR style names", () => {
    expect(splitOfName("Train.BioC.JSON")).toBe("train");
    expect(splitOfName("CDR_TrainingSet.BioC.xml")).toBe("train");
    expect(splitOfName("CDR_DevelopmentSet.PubTator.txt")).toBe("dev");
    expect(splitOfName("Test.PubTator")).toBe("test");
    expect(splitOfName("README.md")).toBeUndefined();
    expect(formatOfName("Dev.BioC.XML")).toBe("xml");
    expect(formatOfName("Dev.PubTator")).toBe("pubtator");
    expect(formatOfName("CDR_DevelopmentSet.PubTator.txt")).toBe("pubtator");
    expect(formatOfName("notes.txt")).toBeUndefined();
  });

  it("picks JSON over XML over PubTator for each split", () => {
    const dir = folder([
      "Train.BioC.XML",
      "Train.PubTator",
      "Dev.PubTator",
      "Dev.BioC.JSON",
      "x.md",
    ]);
    const splits = discoverSplits(dir);
    expect(splits.train?.format).toBe("xml");
    expect(splits.dev?.format).toBe("json");
    expect(splits.test).toBeUndefined();
  });

  it("explains a folder with no BioC files and a missing split", () => {
    const empty = folder(["notes.md"]);
    expect(() => resolveSplit(empty, "train")).toThrow(/holds no BioC/);
    const onlyDev = folder(["Dev.BioC.JSON"]);
    expect(() => resolveSplit(onlyDev, "test")).toThrow(/has no test split \(found dev\)/);
    expect(() => resolveSplit(join(onlyDev, "missing.json"), "dev")).toThrow(/does not exist/);
    expect(resolveSplit(join(onlyDev, "Dev.BioC.JSON"), "train").path).toMatch(/Dev\.BioC\.JSON$/);
  });

  it("finds the real BioRED folder's splits", () => {
    if (!haveData(dataFile("biored", "Dev.BioC.JSON"))) return;
    const splits = discoverSplits(dataFile("biored"));
    expect(splits.train?.path).toMatch(/Train\.BioC\.XML$/);
    expect(splits.dev?.path).toMatch(/Dev\.BioC\.JSON$/);
  });
});
