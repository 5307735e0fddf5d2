import {
  cpSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  truncateSync,
  unlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { EntityTypeSpace, Tokenizer } from "@biore/relation-dataset";
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ModelError } from "../errors.js";
import { expectLoadError, rehashManifest } from "../test-support/model-io.js";
import { createModel } from "../model/create.js";
import { createRng } from "../random.js";
import { syntheticCorpus, TINY_SHAPE } from "../test-support/synthetic.js";
import { loadModel } from "./load-model.js";
import { MODEL_FILES } from "./model-format.js";
import { saveModel } from "./save-model.js";

// Tampering with a saved model folder: every case must end in a ModelError with a stable
// code that names the damaged file, never a load, a raw TypeError or an opened outside path.

const root = mkdtempSync(join(tmpdir(), "re-models-tamper-"));
const saved = join(root, "saved");
let counter = 0;

beforeAll(async () => {
  await tf.setBackend("cpu");
  const corpus = syntheticCorpus(2, 5);
  const tokenizer = Tokenizer.fit(["alpha beta gamma delta", "alpha epsilon"]);
  const model = createModel({
    shape: TINY_SHAPE,
    seed: 3,
    labelSpace: corpus.labelSpace,
    numPairFeatures: corpus.numPairFeatures,
    tokenizer,
    entityTypes: new EntityTypeSpace(["Chemical", "Disease", "Gene"]),
    maxTokens: 64,
  });
  model.decision = { noneBias: 0.25, noveltyThreshold: 0.5, typeBias: [0, 0.5, -0.5] };
  await saveModel(model, saved);
  model.dispose();
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A fresh copy of the saved folder to damage. */
function copy(): string {
  const dir = join(root, `case-${counter++}`);
  cpSync(saved, dir, { recursive: true });
  return dir;
}

// biome-ignore lint/suspicious/noExplicitAny: the edits reach into parsed JSON of any shape
type Json = any;

/** Parses a file of the folder, lets `edit` change it in place, writes it back. */
function editJson(dir: string, name: string, edit: (json: Json) => void): void {
  const path = join(dir, name);
  const json = JSON.parse(readFileSync(path, "utf8"));
  edit(json);
  writeFileSync(path, JSON.stringify(json));
}

const loadError = (dir: string, options = {}) => expectLoadError(dir, "tampered with", options);

const files = () => readdirSync(saved).sort();

describe("model folder tampering", () => {
  it("saves a manifest covering every file, and the untouched copy loads", () => {
    const manifest = JSON.parse(readFileSync(join(saved, MODEL_FILES.manifest), "utf8"));
    expect(Object.keys(manifest.files).sort()).toEqual(
      files().filter((f) => f !== MODEL_FILES.manifest),
    );
    expect(manifest.expect.vocabularySize).toBeGreaterThan(2);
    expect(manifest.expect.entityTypes).toBe(4);
    loadModel(copy()).dispose();
  });

  it("a flipped bit anywhere in any file is MODEL_CORRUPT naming the file", () => {
    const rng = createRng(17);
    let cases = 0;
    for (const name of files()) {
      const size = readFileSync(join(saved, name)).byteLength;
      // the first and last bytes, then seeded positions through the file
      const positions = [
        0,
        size - 1,
        ...Array.from({ length: 18 }, () => Math.floor(rng() * size)),
      ];
      for (const position of positions) {
        const dir = copy();
        const bytes = readFileSync(join(dir, name));
        bytes[position] = (bytes[position] as number) ^ (1 << Math.floor(rng() * 8));
        writeFileSync(join(dir, name), bytes);
        const error = loadError(dir);
        expect(error.code, `${name} byte ${position}: ${error.message}`).toBe("MODEL_CORRUPT");
        expect(error.message).toContain(name === MODEL_FILES.manifest ? "manifest.json" : name);
        rmSync(dir, { recursive: true });
        cases++;
      }
    }
    expect(cases).toBe(files().length * 20);
  });

  it("a truncated file is MODEL_CORRUPT naming it; a missing one MODEL_INCOMPLETE", () => {
    for (const name of files()) {
      const size = readFileSync(join(saved, name)).byteLength;
      for (const length of [0, 1, Math.floor(size / 2), size - 1]) {
        const dir = copy();
        truncateSync(join(dir, name), length);
        const error = loadError(dir);
        expect(error.code, `${name} cut to ${length}: ${error.message}`).toBe("MODEL_CORRUPT");
        expect(error.message).toContain(name);
      }
      if (name === MODEL_FILES.manifest) continue; // without it the folder is an older one
      const dir = copy();
      unlinkSync(join(dir, name));
      const error = loadError(dir);
      expect(error.code).toBe("MODEL_INCOMPLETE");
      expect(error.message).toContain(name);
    }
  });

  // Edits with the manifest re-hashed: what only the cross-checks can catch.
  const weights = (j: Json) => j.weightsManifest[0];
  const decision = (j: Json) => j.userDefinedMetadata.decision;
  const edits: [string, string, (j: Json) => void, RegExp][] = [
    [
      "model.json",
      "weights path escaping the folder",
      (j) => {
        weights(j).paths = ["../../../../etc/passwd"];
      },
      /not a file inside/,
    ],
    [
      "model.json",
      "absolute weights path",
      (j) => {
        weights(j).paths = ["/etc/passwd"];
      },
      /not a file inside/,
    ],
    [
      "model.json",
      "weights path into a subfolder",
      (j) => {
        weights(j).paths = ["sub/weights.bin"];
      },
      /not a file inside/,
    ],
    [
      "model.json",
      "two weights files",
      (j) => {
        weights(j).paths.push("weights.bin");
      },
      /single-file/,
    ],
    [
      "model.json",
      "weights list not iterable",
      (j) => {
        weights(j).weights = 5;
      },
      /not an array/,
    ],
    [
      "model.json",
      "weightsManifest an object",
      (j) => {
        j.weightsManifest = {};
      },
      /single-file/,
    ],
    [
      "model.json",
      "dtype changed to int32",
      (j) => {
        weights(j).weights[0].dtype = "int32";
      },
      /int32, expected float32/,
    ],
    [
      "model.json",
      "dtype changed to bool",
      (j) => {
        weights(j).weights[0].dtype = "bool";
      },
      /unsupported dtype/,
    ],
    [
      "model.json",
      "shape changed",
      (j) => {
        weights(j).weights[0].shape = [1, 1];
      },
      /expected \[/,
    ],
    [
      "model.json",
      "negative dim",
      (j) => {
        weights(j).weights[0].shape = [-1, 4];
      },
      /bad shape/,
    ],
    [
      "model.json",
      "parameter renamed",
      (j) => {
        weights(j).weights[0].name = "other";
      },
      /missing/,
    ],
    [
      "model.json",
      "parameter listed twice",
      (j) => {
        weights(j).weights.push(weights(j).weights[0]);
      },
      /twice/,
    ],
    [
      "model.json",
      "decision noneBias a string",
      (j) => {
        decision(j).noneBias = "0.5";
      },
      /noneBias/,
    ],
    [
      "model.json",
      "decision noneBias null (NaN saved as JSON)",
      (j) => {
        decision(j).noneBias = null;
      },
      /noneBias/,
    ],
    [
      "model.json",
      "decision threshold out of range",
      (j) => {
        decision(j).noveltyThreshold = 5;
      },
      /noveltyThreshold/,
    ],
    [
      "model.json",
      "decision typeBias too short",
      (j) => {
        decision(j).typeBias.pop();
      },
      /typeBias/,
    ],
    [
      "model.json",
      "decision missing",
      (j) => {
        delete j.userDefinedMetadata.decision;
      },
      /decision rule: missing/,
    ],
    [
      "model.json",
      "maxTokens negative",
      (j) => {
        j.userDefinedMetadata.maxTokens = -1;
      },
      /maxTokens/,
    ],
    [
      "model.json",
      "config vocabSize edited",
      (j) => {
        j.modelTopology.config.vocabSize = 3;
      },
      /vocabulary|expected/,
    ],
    [
      "model.json",
      "topology missing",
      (j) => {
        delete j.modelTopology;
      },
      /not a biore-relation-model/,
    ],
    [
      "tokenizer.json",
      "vocabulary shortened",
      (j) => {
        j.vocab.splice(-2, 2);
      },
      /manifest.json expects/,
    ],
    [
      "entity-types.json",
      "a type dropped",
      (j) => {
        j.types.pop();
      },
      /manifest.json expects/,
    ],
    [
      "labels.json",
      "labels not a list",
      (j) => {
        j.labels = 5;
      },
      /labels/,
    ],
    [
      "labels.json",
      "a label dropped",
      (j) => {
        j.labels.pop();
      },
      /labels/,
    ],
    [
      "manifest.json",
      "a file name escaping the folder",
      (j) => {
        j.files["../model.json"] = j.files["model.json"];
      },
      /not inside the folder/,
    ],
    [
      "manifest.json",
      "empty files map",
      (j) => {
        j.files = {};
      },
      /lists no files/,
    ],
    [
      "manifest.json",
      "expected tensors changed",
      (j) => {
        j.expect.tensors[0].shape = [2, 2];
      },
      /manifest.json expects/,
    ],
    [
      "manifest.json",
      "expected vocabulary changed",
      (j) => {
        j.expect.vocabularySize += 1;
      },
      /manifest.json expects/,
    ],
  ];
  for (const [name, what, edit, message] of edits) {
    it(`${name}: ${what} is MODEL_CORRUPT naming the file`, () => {
      const dir = copy();
      editJson(dir, name, edit);
      if (name !== MODEL_FILES.manifest) rehashManifest(dir);
      const error = loadError(dir);
      expect(error.code, error.message).toBe("MODEL_CORRUPT");
      expect(error.message).toMatch(message);
      expect(error.where).toBeDefined();
    });
  }

  it("non-finite weights are refused at load, with or without a matching digest", () => {
    for (const value of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
      for (const index of [0, 100, -1]) {
        const dir = copy();
        const path = join(dir, MODEL_FILES.weights);
        const bytes = readFileSync(path);
        const floats = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
        floats[index < 0 ? floats.length - 1 : index] = value;
        writeFileSync(path, bytes);
        rehashManifest(dir);
        const error = loadError(dir);
        expect(error.code).toBe("MODEL_CORRUPT");
        expect(error.message).toMatch(/NaN or infinite/);
        expect(error.where).toBe(path);
      }
    }
  });

  it("every JSON file replaced by a value of the wrong type is a ModelError, never a TypeError", () => {
    const jsonFiles = files().filter((f) => f.endsWith(".json"));
    let cases = 0;
    for (const name of jsonFiles) {
      for (const value of [null, [], "x", 5, {}, true]) {
        // training.json may legitimately be null (no metadata)
        if (name === MODEL_FILES.training && value === null) continue;
        const dir = copy();
        writeFileSync(join(dir, name), JSON.stringify(value));
        if (name !== MODEL_FILES.manifest) rehashManifest(dir);
        const error = loadError(dir);
        expect(error.code, `${name} = ${JSON.stringify(value)}: ${error.message}`).toBe(
          "MODEL_CORRUPT",
        );
        cases++;
      }
    }
    expect(cases).toBe(jsonFiles.length * 6 - 1);
  });

  it("a folder without manifest (older version) loads with a warning, or is refused on request", () => {
    const dir = copy();
    unlinkSync(join(dir, MODEL_FILES.manifest));
    const warnings: string[] = [];
    loadModel(dir, { onWarning: (m) => warnings.push(m) }).dispose();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/no manifest.json/);
    expect(loadError(dir, { requireManifest: true }).code).toBe("MODEL_UNVERIFIED");
    // the structural checks still run without a manifest
    editJson(dir, MODEL_FILES.model, (j) => {
      j.weightsManifest[0].paths = ["../../etc/passwd"];
    });
    expect(loadError(dir).code).toBe("MODEL_CORRUPT");
  });

  it("a save that stopped part-way (manifest marked incomplete) is MODEL_INCOMPLETE", async () => {
    const dir = copy();
    const model = loadModel(dir);
    // a second save into the same folder first marks the manifest incomplete
    await saveModel(model, dir);
    writeFileSync(
      join(dir, MODEL_FILES.manifest),
      JSON.stringify({ format: "biore-model-manifest", version: 1, incomplete: true }),
    );
    model.dispose();
    const error = loadError(dir);
    expect(error.code).toBe("MODEL_INCOMPLETE");
    expect(error.message).toContain("manifest.json");
  });

  it("null, undefined and wrong-type arguments are ModelErrors", async () => {
    for (const dir of [null, undefined, 5, ""]) {
      expect(loadError(dir as never).code).toBe("MODEL_DIR_MISSING");
    }
    const model = loadModel(copy());
    for (const [m, dir] of [
      [null, join(root, "x")],
      [model, null],
      [model, ""],
    ] as const) {
      await expect(saveModel(m as never, dir as never)).rejects.toBeInstanceOf(ModelError);
    }
    model.dispose();
  });

  it("a file added to the folder but not listed in the manifest is refused when it is a model file", () => {
    const dir = copy();
    editJson(dir, MODEL_FILES.manifest, (j) => {
      delete j.files["tokenizer.json"];
    });
    expect(loadError(dir).message).toMatch(/tokenizer.json is not listed/);
  });
});
