import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { keptOut, pretrainingInput, readDocuments } from "./corpus.js";

const dir = mkdtempSync(join(tmpdir(), "biore-corpus-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// One mention whose text is not what the passage holds at its offsets: a
// lenient read keeps the document and must say what it tolerated.
const PUBTATOR = [
  "1|t|Aspirin reduces fever.",
  "1|a|It works.",
  "1\t0\t7\tIbuprofen\tChemical\tD001241",
  "1\t16\t21\tfever\tDisease\tD005334",
  "",
  "",
].join("\n");

describe("readDocuments", () => {
  it("prints what a lenient read tolerated as one warning line on the CLI's output", async () => {
    const path = join(dir, "mismatch.pubtator");
    writeFileSync(path, PUBTATOR);
    const err: string[] = [];
    const docs = await readDocuments(path, { out: () => {}, err: (l) => err.push(l) });
    expect(docs.map((d) => d.id)).toEqual(["1"]);
    expect(err[0]).toMatch(/^warning: .*mismatch\.pubtator read leniently: 1 TEXT_MISMATCH/);
    expect(err[1]).toMatch(/^hint: --strict/);
  });

  it("prints nothing for a clean file", async () => {
    const path = join(dir, "clean.pubtator");
    writeFileSync(path, PUBTATOR.replace("Ibuprofen", "Aspirin"));
    const err: string[] = [];
    await readDocuments(path, { out: () => {}, err: (l) => err.push(l) });
    expect(err).toEqual([]);
  });
});

describe("pretrainingInput", () => {
  const doc = (id: string) => `${id}|t|Aspirin reduces fever.\n${id}|a|It works.\n\n`;

  it("leaves out documents of the evaluation and training splits by id, and says how many", async () => {
    const path = join(dir, "unlabeled.pubtator");
    writeFileSync(path, ["1", "2", "3", "4", "5"].map(doc).join(""));
    const err: string[] = [];
    const input = await pretrainingInput(
      { unlabeled: [path] },
      { out: () => {}, err: (l) => err.push(l) },
      [
        { ids: new Set(["2", "4"]), what: "the dev split (evaluated on)" },
        { ids: new Set(["1", "2"]), what: "the training splits" },
      ],
    );
    // "2" is in both: it counts once, for the first reason that holds it
    expect(input?.unlabeled.map((d) => d.id)).toEqual(["3", "5"]);
    expect(err).toEqual([
      "pre-training: left out 2 in the dev split (evaluated on), 1 in the training splits of the --unlabeled documents (by document id); 2 kept",
    ]);
  });

  it("keeps every document and prints nothing when none is left out", async () => {
    const path = join(dir, "unlabeled-clean.pubtator");
    writeFileSync(path, ["7", "8"].map(doc).join(""));
    const err: string[] = [];
    const input = await pretrainingInput(
      { unlabeled: [path] },
      { out: () => {}, err: (l) => err.push(l) },
      [keptOut([], "the dev split")],
    );
    expect(input?.unlabeled.map((d) => d.id)).toEqual(["7", "8"]);
    expect(err).toEqual([]);
    expect(await pretrainingInput({}, undefined, [])).toBeUndefined();
  });
});
