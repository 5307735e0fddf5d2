import {
  cpSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  truncateSync,
  unlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BIORED_SCHEMA, EntityTypeSpace, LabelSpace, Tokenizer } from "@biore/relation-dataset";
import { createModel, loadModel, saveModel } from "@biore/re-models";
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { run } from "../program.js";
import { loadModelDir, saveModelDir } from "./model-dir.js";

// `biore evaluate --model <tampered folder>`: one error line naming the file and the code, a
// hint, exit 1, no stack trace; the model is refused before any data is read.

const root = mkdtempSync(join(tmpdir(), "biore-cli-tamper-"));
const saved = join(root, "model");
const noData = join(root, "no-such-data.json");
let counter = 0;

beforeAll(async () => {
  await tf.setBackend("cpu");
  const model = createModel({
    shape: {
      embeddingDim: 8,
      hiddenDim: 8,
      dilations: [1],
      pairHiddenDim: 8,
      pairEmbeddingDim: 8,
      typePairDim: 2,
      projectionDim: 4,
    },
    labelSpace: new LabelSpace(["Association", "Bind"]),
    numPairFeatures: 4,
    tokenizer: Tokenizer.fit(["aspirin binds the receptor", "a disease"]),
    entityTypes: new EntityTypeSpace(["ChemicalEntity", "DiseaseOrPhenotypicFeature"]),
    schema: BIORED_SCHEMA,
  });
  await saveModelDir(saved, model, {
    objective: "baseline",
    size: "small",
    seed: 1,
    epochs: 1,
    trainFile: "Train.BioC.JSON",
    validationDocuments: [],
    history: [],
    trainSeconds: 1,
  });
  model.dispose();
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function evaluate(dir: string) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await run(["--backend", "cpu", "evaluate", "--model", dir, "--data", noData], {
    out: (l) => out.push(l),
    err: (l) => err.push(l),
  });
  // the first line names the backend; what follows is the command's own output
  return { code, out, err: err.filter((l) => !l.startsWith("backend: ")) };
}

function tampered(change: (dir: string) => void): string {
  const dir = join(root, `case-${counter++}`);
  cpSync(saved, dir, { recursive: true });
  change(dir);
  return dir;
}

describe("biore evaluate on a tampered model folder", () => {
  it("the untouched folder loads (the run then stops at the missing data file)", async () => {
    const result = await evaluate(saved);
    expect(result.code).toBe(1);
    expect(result.err.join("\n")).not.toMatch(/MODEL_|manifest/);
    expect(result.err.join("\n")).toMatch(/no-such-data/);
  });

  const flip = (name: string, at: number) => (dir: string) => {
    const bytes = readFileSync(join(dir, name));
    const position = Math.floor(at * (bytes.byteLength - 1));
    bytes[position] = (bytes[position] as number) ^ 0x10;
    writeFileSync(join(dir, name), bytes);
  };
  const cases: [string, (dir: string) => void, RegExp, string][] = [
    ["a flipped bit in weights.bin", flip("weights.bin", 0.5), /weights\.bin/, "MODEL_CORRUPT"],
    ["a flipped bit in model.json", flip("model.json", 0.3), /model\.json/, "MODEL_CORRUPT"],
    [
      "a flipped bit in tokenizer.json",
      flip("tokenizer.json", 0.7),
      /tokenizer\.json/,
      "MODEL_CORRUPT",
    ],
    ["a flipped bit in biore.json", flip("biore.json", 0.5), /biore\.json/, "MODEL_CORRUPT"],
    [
      "a flipped bit in manifest.json",
      flip("manifest.json", 0.6),
      /manifest\.json/,
      "MODEL_CORRUPT",
    ],
    [
      "a truncated weights.bin",
      (d) => truncateSync(join(d, "weights.bin"), 10),
      /weights\.bin/,
      "MODEL_CORRUPT",
    ],
    [
      "a missing biore.json that manifest.json lists",
      (d) => unlinkSync(join(d, "biore.json")),
      /biore\.json/,
      "MODEL_INCOMPLETE",
    ],
    [
      "a missing labels.json",
      (d) => unlinkSync(join(d, "labels.json")),
      /labels\.json/,
      "MODEL_INCOMPLETE",
    ],
    [
      "a weights path escaping the folder",
      (d) => {
        const path = join(d, "model.json");
        const json = JSON.parse(readFileSync(path, "utf8"));
        json.weightsManifest[0].paths = ["../../../../etc/passwd"];
        writeFileSync(path, JSON.stringify(json));
      },
      /model\.json/,
      "MODEL_CORRUPT",
    ],
  ];
  for (const [what, change, names, code] of cases) {
    it(`${what}: one error line naming the file and the code, a hint, exit 1`, async () => {
      const result = await evaluate(tampered(change));
      expect(result.code).toBe(1);
      expect(result.out).toEqual([]);
      expect(result.err).toHaveLength(2);
      expect(result.err[0]).toMatch(/^error: /);
      expect(result.err[0]).toMatch(names);
      expect(result.err[0]).toMatch(new RegExp(`\\[${code}\\]$`));
      expect(result.err[1]).toMatch(/^hint: .*train again/);
      expect(result.err.join("\n")).not.toMatch(/^\s+at /m);
    });
  }

  it("a folder saved by re-models' saveModel (no biore.json) loads: the sidecar only describes training", async () => {
    const dir = join(root, "library-saved");
    const model = loadModel(saved);
    await saveModel(model, dir);
    model.dispose();
    const result = await evaluate(dir);
    expect(result.code).toBe(1);
    expect(result.err.join("\n")).not.toMatch(/MODEL_|manifest|biore\.json/);
    expect(result.err.join("\n")).toMatch(/no-such-data/);
    const loaded = loadModelDir(dir);
    expect(loaded.sidecar).toBeUndefined();
    loaded.model.dispose();
    const trained = loadModelDir(saved);
    expect(trained.sidecar?.objective).toBe("baseline");
    trained.model.dispose();
  });

  it("a folder saved before manifests existed loads with a one-line warning", async () => {
    const result = await evaluate(tampered((d) => unlinkSync(join(d, "manifest.json"))));
    expect(result.err[0]).toMatch(/^warning: .*no manifest\.json/);
    expect(result.err.join("\n")).toMatch(/no-such-data/);
  });
});
