import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import { Tokenizer } from "@biore/relation-dataset";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ModelError } from "../errors.js";
import { expectLoadError, rehashManifest } from "../test-support/model-io.js";
import { tuneEnsembleDecision } from "../experiment/ensemble.js";
import { holdOutForSelection } from "../experiment/held-out.js";
import { trainRun } from "../experiment/train-run.js";
import { encodeForModel } from "../inference/encode.js";
import { predict } from "../inference/predict.js";
import { modelTyperInputs } from "../inference/typer-inputs.js";
import { ensembleMembers, ensembleView } from "../model/ensemble-view.js";
import type { RelationModel } from "../model/relation-model.js";
import {
  experimentEvaluate,
  experimentTrain,
  tinyModel,
} from "../test-support/experiment-fixtures.js";
import { syntheticCorpus, syntheticModel } from "../test-support/synthetic.js";
import { ENSEMBLE_FILE } from "./ensemble-format.js";
import { sha256Hex } from "./integrity.js";
import { loadModel } from "./load-model.js";
import { MODEL_FILES } from "./model-format.js";
import { saveEnsemble } from "./save-ensemble.js";
import { saveModel } from "./save-model.js";

// A saved ensemble is one model folder: loadModel gives back a RelationModel that scores and
// decides exactly as the in-memory ensembleView did, and every damage is a ModelError naming
// the file or member folder, never a load.

const root = mkdtempSync(join(tmpdir(), "re-models-ensemble-"));
let counter = 0;
const fresh = () => join(root, `case-${counter++}`);

const corpus = syntheticCorpus(3, 11);
/** An untrained tiny model (seeded), enough for the folder's checks. */
const tiny = (seed: number, words = ["alpha", "beta"]) =>
  syntheticModel(corpus, seed, { tokenizer: Tokenizer.fit(words), maxTokens: 128 });
const rule = { noneBias: 0.3, noveltyThreshold: 0.4 };

let saved: string;
let members: RelationModel[];
beforeAll(async () => {
  await tf.setBackend("cpu");
  members = [tiny(1), tiny(2)];
  saved = fresh();
  await saveEnsemble(members, rule, saved);
});
afterAll(() => {
  for (const m of members) m.dispose();
  rmSync(root, { recursive: true, force: true });
});

function copy(): string {
  const dir = fresh();
  cpSync(saved, dir, { recursive: true });
  return dir;
}

const loadError = (dir: string, options = {}) => expectLoadError(dir, "damaged", options);

/** Edits ensemble.json and re-hashes the folder's manifest over it. */
// biome-ignore lint/suspicious/noExplicitAny: the edits reach into parsed JSON
function editEnsemble(dir: string, edit: (json: any) => void): void {
  const path = join(dir, ENSEMBLE_FILE);
  const json = JSON.parse(readFileSync(path, "utf8"));
  edit(json);
  writeFileSync(path, JSON.stringify(json));
  rehashManifest(dir);
}

async function saveError(fn: () => Promise<unknown>): Promise<ModelError> {
  const error = await fn().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ModelError);
  return error as ModelError;
}

describe("saveEnsemble / loadModel of an ensemble folder", () => {
  it("a trained 2-member ensemble with a shared typer predicts exactly as its in-memory view", async () => {
    const data = holdOutForSelection(experimentTrain, { seed: 2, fraction: 0.2 });
    const quick = { objective: "baseline" as const, epochs: 1, batchSize: 6, learningRate: 1e-2 };
    const trained = [tinyModel(data, 1), tinyModel(data, 2)];
    const first = await trainRun(trained[0]!, data, {
      ...quick,
      seed: 1,
      typer: { weight: 0.5, l2: 1e-3 },
    });
    await trainRun(trained[1]!, data, {
      ...quick,
      seed: 2,
      typer: { weight: 0.5, l2: 1e-3, fitted: first.typer!.typer },
    });
    const view = ensembleView(trained);
    const decision = tuneEnsembleDecision(view, data);
    view.decision = decision;
    const dir = fresh();
    await saveEnsemble(trained, decision, dir, { extraFiles: { "notes.json": "{}" } });

    const before = tf.memory().numTensors;
    const loaded = loadModel(dir);
    expect(ensembleMembers(loaded)).toHaveLength(2);
    expect(loaded.decision).toEqual(decision);
    const expected = predict(view, experimentEvaluate);
    const got = predict(loaded, experimentEvaluate);
    expect(expected.relations.length).toBeGreaterThan(0);
    expect(got.relations).toEqual(expected.relations);
    // the same scores, fused with the typer, and the first member's embeddings
    const encoded = encodeForModel(loaded, experimentEvaluate);
    const typer = modelTyperInputs(loaded, encoded, experimentEvaluate);
    expect(typer).toBeDefined();
    const a = view.score(encoded.documents, { typer: typer!, embeddings: true });
    const b = loaded.score(encoded.documents, { typer: typer!, embeddings: true });
    expect(Array.from(b.relationLogits)).toEqual(Array.from(a.relationLogits));
    expect(Array.from(b.noveltyLogits)).toEqual(Array.from(a.noveltyLogits));
    expect(Array.from(b.embeddings!)).toEqual(Array.from(a.embeddings!));
    // dispose frees every member
    loaded.dispose();
    expect(tf.memory().numTensors).toBe(before);
    for (const m of trained) m.dispose();
  });

  it("writes member folders, ensemble.json and a manifest that vouches for them", () => {
    const manifest = JSON.parse(readFileSync(join(saved, MODEL_FILES.manifest), "utf8"));
    expect(Object.keys(manifest.files)).toEqual([ENSEMBLE_FILE]);
    const ensemble = JSON.parse(readFileSync(join(saved, ENSEMBLE_FILE), "utf8"));
    expect(ensemble.format).toBe("biore-relation-ensemble");
    expect(ensemble.decision).toEqual(rule);
    for (const [i, entry] of ensemble.members.entries()) {
      expect(entry.folder).toBe(`member-${i + 1}`);
      const memberManifest = readFileSync(join(saved, entry.folder, MODEL_FILES.manifest));
      expect(entry.manifestSha256).toBe(sha256Hex(memberManifest));
      // each member is a model folder of its own
      const member = loadModel(join(saved, entry.folder));
      const scores = member.score(corpus.documents);
      expect(Array.from(scores.relationLogits)).toEqual(
        Array.from(members[i]!.score(corpus.documents).relationLogits),
      );
      member.dispose();
    }
  });

  it("a damaged, missing or replaced member is refused naming it", async () => {
    const flipped = copy();
    const weights = join(flipped, "member-2", MODEL_FILES.weights);
    const bytes = readFileSync(weights);
    bytes[7] = (bytes[7] as number) ^ 4;
    writeFileSync(weights, bytes);
    let error = loadError(flipped);
    expect(error.code).toBe("MODEL_CORRUPT");
    expect(error.where).toBe(weights);

    const missing = copy();
    rmSync(join(missing, "member-2"), { recursive: true });
    error = loadError(missing);
    expect(error.code).toBe("MODEL_INCOMPLETE");
    expect(error.message).toMatch(/member member-2 is missing/);
    expect(error.where).toBe(join(missing, "member-2"));

    const noManifest = copy();
    rmSync(join(noManifest, "member-1", MODEL_FILES.manifest));
    error = loadError(noManifest);
    expect(error.code).toBe("MODEL_INCOMPLETE");
    expect(error.where).toBe(join(noManifest, "member-1", MODEL_FILES.manifest));

    // a whole, valid model folder put in a member's place
    const replaced = copy();
    rmSync(join(replaced, "member-2"), { recursive: true });
    const other = tiny(5);
    await saveModel(other, join(replaced, "member-2"));
    other.dispose();
    error = loadError(replaced);
    expect(error.code).toBe("MODEL_CORRUPT");
    expect(error.message).toMatch(
      /member-2\/manifest.json does not match its SHA-256 in ensemble.json/,
    );
  });

  it("members that disagree are refused naming the member folder, even in a re-hashed folder", async () => {
    const forged = copy();
    rmSync(join(forged, "member-2"), { recursive: true });
    const other = tiny(2, ["alpha", "gamma"]);
    await saveModel(other, join(forged, "member-2"));
    other.dispose();
    const manifest = readFileSync(join(forged, "member-2", MODEL_FILES.manifest));
    editEnsemble(forged, (j) => {
      j.members[1].manifestSha256 = sha256Hex(manifest);
    });
    const error = loadError(forged);
    expect(error.code).toBe("MODEL_CORRUPT");
    expect(error.message).toMatch(/member member-2 differs from member-1 in its tokenizer/);
    expect(error.where).toBe(join(forged, "member-2"));
  });

  it("a bad ensemble.json is MODEL_CORRUPT naming it", () => {
    const edited = copy();
    writeFileSync(join(edited, ENSEMBLE_FILE), "{}");
    let error = loadError(edited);
    expect(error.code).toBe("MODEL_CORRUPT");
    expect(error.where).toBe(join(edited, ENSEMBLE_FILE));

    // biome-ignore lint/suspicious/noExplicitAny: the edits reach into parsed JSON
    const cases: [(j: any) => void, RegExp][] = [
      [
        (j) => {
          j.format = "other";
        },
        /not a biore-relation-ensemble v1/,
      ],
      [
        (j) => {
          j.members = [];
        },
        /lists no members/,
      ],
      [
        (j) => {
          j.members[0].folder = "../x";
        },
        /not a distinct folder/,
      ],
      [
        (j) => {
          j.members[1].folder = "member-1";
        },
        /not a distinct folder/,
      ],
      [
        (j) => {
          j.members[0] = { folder: "member-1" };
        },
        /no manifest SHA-256/,
      ],
      [
        (j) => {
          j.decision = { noneBias: "x", noveltyThreshold: 0.5 };
        },
        /bad decision rule/,
      ],
    ];
    for (const [edit, message] of cases) {
      const dir = copy();
      editEnsemble(dir, edit);
      error = loadError(dir);
      expect(error.code).toBe("MODEL_CORRUPT");
      expect(error.message).toMatch(message);
      expect(error.where).toBe(join(dir, ENSEMBLE_FILE));
    }
    const unlisted = copy();
    rmSync(join(unlisted, MODEL_FILES.manifest));
    error = loadError(unlisted);
    expect(error.code).toBe("MODEL_INCOMPLETE");
  });

  it("passes the caller's label check to every member", () => {
    const error = loadError(copy(), { expectedLabels: ["None", "Other"] });
    expect(error.code).toBe("LABEL_SPACE_MISMATCH");
  });

  it("refuses what it cannot save before writing anything", async () => {
    const dir = fresh();
    const other = tiny(3, ["x"]);
    let error = await saveError(() => saveEnsemble([members[0]!, other], rule, dir));
    other.dispose();
    expect(error.code).toBe("INVALID_INPUT");
    expect(error.message).toMatch(/member 2 differs from member 1 in its tokenizer/);
    error = await saveError(() => saveEnsemble([], rule, dir));
    expect(error.message).toMatch(/at least one member/);
    error = await saveError(() =>
      saveEnsemble(members, { noneBias: Number.NaN, noveltyThreshold: 0.5 }, dir),
    );
    expect(error.message).toMatch(/bad decision rule/);
    const view = ensembleView(members, rule);
    error = await saveError(() => saveEnsemble([view, members[1]!], rule, dir));
    expect(error.message).toMatch(/itself an ensemble/);
    error = await saveError(() => saveModel(view, dir));
    expect(error.message).toMatch(/save it with saveEnsemble/);
    error = await saveError(() =>
      saveEnsemble(members, rule, dir, { extraFiles: { [ENSEMBLE_FILE]: "{}" } }),
    );
    expect(error.message).toMatch(/not allowed/);
    expect(existsSync(dir)).toBe(false);
  });

  it("a file where a member folder goes is refused before anything is written", async () => {
    // a valid ensemble whose member-2 folder was replaced by a file; the save stops part-way
    // with a full disk in save-folder.test.ts
    const dir = copy();
    rmSync(join(dir, "member-2"), { recursive: true });
    writeFileSync(join(dir, "member-2"), "not a folder");
    const before = readFileSync(join(dir, MODEL_FILES.manifest));
    const error = await saveError(() => saveEnsemble(members, rule, dir));
    expect(error.code).toBe("MODEL_DIR_FOREIGN");
    expect(error.where).toBe(join(dir, "member-2"));
    expect(readFileSync(join(dir, MODEL_FILES.manifest))).toEqual(before);
    expect(readFileSync(join(dir, "member-2"), "utf8")).toBe("not a folder");
    // the same into a new folder
    const fresher = fresh();
    mkdirSync(fresher);
    writeFileSync(join(fresher, "member-2"), "not a folder");
    expect((await saveError(() => saveEnsemble(members, rule, fresher))).code).toBe(
      "MODEL_DIR_FOREIGN",
    );
    expect(existsSync(join(fresher, MODEL_FILES.manifest))).toBe(false);
  });
});
