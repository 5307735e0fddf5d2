import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ModelError } from "../errors.js";
import { createRng } from "../random.js";
import { syntheticCorpus, syntheticModel } from "../test-support/synthetic.js";
import { CHECKPOINT_FILE, readCheckpoint } from "./checkpoint.js";
import { train } from "./train.js";

// Tampering with a checkpoint: every case is a typed ModelError naming checkpoint.bin;
// damage is CHECKPOINT_CORRUPT (never "another run"), and nothing damaged resumes.

const MAGIC_BYTES = "BIORE-CKPT-2\n".length;
const DIGEST = 32;
const root = mkdtempSync(join(tmpdir(), "re-models-ckpt-tamper-"));
const source = join(root, "source");
let original: Buffer;

const corpus = syntheticCorpus(6, 13);
const make = (seed = 4) => syntheticModel(corpus, seed);
const options = { epochs: 3, batchSize: 3, learningRate: 5e-3, seed: 8 };

beforeAll(async () => {
  await tf.setBackend("cpu");
  const model = make();
  const controller = new AbortController();
  await train(
    model,
    { documents: corpus.documents },
    { ...options, checkpointDir: source, signal: controller.signal },
    { onEpochEnd: (r) => (r.epoch === 2 ? controller.abort() : undefined) },
  );
  model.dispose();
  original = readFileSync(join(source, CHECKPOINT_FILE));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Splits a checkpoint into its parsed header and tensor bytes. */
function parts(bytes: Buffer) {
  const headerStart = MAGIC_BYTES + DIGEST + 4;
  const length = bytes.readUInt32LE(MAGIC_BYTES + DIGEST);
  return {
    // biome-ignore lint/suspicious/noExplicitAny: edits reach into the parsed header
    header: JSON.parse(bytes.subarray(headerStart, headerStart + length).toString("utf8")) as any,
    data: Buffer.from(bytes.subarray(headerStart + length)),
  };
}

/** Re-assembles a checkpoint with a correct digest: a deliberate, consistent edit. */
function forge(header: unknown, data: Buffer): Buffer {
  const json = Buffer.from(JSON.stringify(header), "utf8");
  const length = Buffer.alloc(4);
  length.writeUInt32LE(json.byteLength);
  const body = Buffer.concat([length, json, data]);
  const digest = createHash("sha256").update(body).digest();
  return Buffer.concat([original.subarray(0, MAGIC_BYTES), digest, body]);
}

/** readCheckpoint on `bytes`, expecting a ModelError. */
function readError(bytes: Uint8Array): ModelError {
  const dir = mkdtempSync(join(root, "case-"));
  writeFileSync(join(dir, CHECKPOINT_FILE), bytes);
  const before = tf.memory().numTensors;
  let caught: unknown;
  try {
    const { tensors } = readCheckpoint(dir);
    tf.dispose(Object.values(tensors));
  } catch (error) {
    caught = error;
  }
  expect(tf.memory().numTensors).toBe(before);
  expect(caught, "a tampered checkpoint was read").toBeInstanceOf(ModelError);
  expect((caught as ModelError).message).toContain(CHECKPOINT_FILE);
  rmSync(dir, { recursive: true });
  return caught as ModelError;
}

describe("checkpoint tampering", () => {
  it("the untouched checkpoint reads back (epoch 2 of 3)", () => {
    const dir = mkdtempSync(join(root, "case-"));
    writeFileSync(join(dir, CHECKPOINT_FILE), original);
    const { state, tensors } = readCheckpoint(dir);
    expect(state.epoch).toBe(2);
    tf.dispose(Object.values(tensors));
  });

  it("a flipped bit at any of 200 positions is CHECKPOINT_CORRUPT", () => {
    const rng = createRng(5);
    const positions = [0, 12, 13, 44, 45, 48, original.byteLength - 1];
    while (positions.length < 200) positions.push(Math.floor(rng() * original.byteLength));
    for (const position of positions) {
      const bytes = Buffer.from(original);
      bytes[position] = (bytes[position] as number) ^ (1 << Math.floor(rng() * 8));
      const error = readError(bytes);
      expect(error.code, `byte ${position}: ${error.message}`).toBe("CHECKPOINT_CORRUPT");
    }
  });

  it("truncation at any of 40 points is CHECKPOINT_CORRUPT (never 'another run')", () => {
    const rng = createRng(6);
    const lengths = [0, 1, 12, 13, 44, 45, 48, original.byteLength - 1];
    while (lengths.length < 40) lengths.push(Math.floor(rng() * original.byteLength));
    for (const length of lengths) {
      const error = readError(original.subarray(0, length));
      expect(error.code, `cut to ${length}: ${error.message}`).toBe("CHECKPOINT_CORRUPT");
      expect(error.message).not.toMatch(/another run|different run/);
    }
  });

  it("an edited field without a new digest is CHECKPOINT_CORRUPT", () => {
    const text = original.toString("latin1");
    for (const [from, to] of [
      ['"epoch":2', '"epoch":9'],
      ['"epoch":2', '"epoch":0'],
      ['"bestEpoch":', '"bestEpocX":'],
    ] as const) {
      expect(text).toContain(from);
      const error = readError(Buffer.from(text.replace(from, to), "latin1"));
      expect(error.code).toBe("CHECKPOINT_CORRUPT");
      expect(error.message).toMatch(/SHA-256/);
    }
  });

  // Consistent forgeries (digest recomputed): the state and tensor checks must still refuse.
  // biome-ignore lint/suspicious/noExplicitAny: edits reach into the parsed header
  const forgeries: [string, (h: any, data: Buffer) => void, RegExp][] = [
    [
      "epoch 999",
      (h) => {
        h.state.epoch = 999;
      },
      /epoch 999 is past/,
    ],
    [
      "epoch -1",
      (h) => {
        h.state.epoch = -1;
      },
      /epoch is -1/,
    ],
    [
      "epoch 0",
      (h) => {
        h.state.epoch = 0;
      },
      /epoch is 0/,
    ],
    [
      "epoch 1.5",
      (h) => {
        h.state.epoch = 1.5;
      },
      /epoch is 1.5/,
    ],
    [
      "epoch a string",
      (h) => {
        h.state.epoch = "2";
      },
      /epoch is "2"/,
    ],
    [
      "history shorter than epoch",
      (h) => {
        h.state.history.pop();
      },
      /history has 1/,
    ],
    [
      "bestEpoch past epoch",
      (h) => {
        h.state.bestEpoch = 7;
      },
      /bestEpoch/,
    ],
    [
      "bestValidationF1 above 1",
      (h) => {
        h.state.bestValidationF1 = 3;
      },
      /bestValidationF1/,
    ],
    [
      "optimizerStep negative",
      (h) => {
        h.state.optimizerStep = -4;
      },
      /optimizerStep/,
    ],
    [
      "epochsWithoutImprovement null",
      (h) => {
        h.state.epochsWithoutImprovement = null;
      },
      /epochsWithoutImprovement/,
    ],
    [
      "state missing",
      (h) => {
        delete h.state;
      },
      /no state/,
    ],
    [
      "run key missing",
      (h) => {
        delete h.state.runKey;
      },
      /run key/,
    ],
    [
      "config missing",
      (h) => {
        h.state.config = null;
      },
      /config/,
    ],
    [
      "token limit zero",
      (h) => {
        h.state.maxTokens = 0;
      },
      /maxTokens is 0/,
    ],
    [
      "token limit a string",
      (h) => {
        h.state.maxTokens = "512";
      },
      /maxTokens is "512"/,
    ],
    [
      "specs not iterable (a number)",
      (h) => {
        h.specs = 5;
      },
      /not an array/,
    ],
    [
      "specs null",
      (h) => {
        h.specs = null;
      },
      /not an array/,
    ],
    [
      "specs an object",
      (h) => {
        h.specs = {};
      },
      /not an array/,
    ],
    [
      "a spec without name",
      (h) => {
        delete h.specs[0].name;
      },
      /no name/,
    ],
    [
      "a spec with a bad shape",
      (h) => {
        h.specs[0].shape = "4x4";
      },
      /bad shape/,
    ],
    [
      "a spec with dtype bool",
      (h) => {
        h.specs[0].dtype = "bool";
      },
      /dtype/,
    ],
    [
      "a spec listed twice",
      (h) => {
        h.specs.push(h.specs[0]);
      },
      /twice|tensor bytes/,
    ],
    [
      "a spec dropped",
      (h) => {
        h.specs.pop();
      },
      /tensor bytes/,
    ],
    [
      "a NaN weight",
      (_h, data) => {
        data.writeFloatLE(Number.NaN, 0);
      },
      /NaN or infinite/,
    ],
    [
      "an infinite weight",
      (_h, data) => {
        data.writeFloatLE(Number.POSITIVE_INFINITY, data.byteLength - 4);
      },
      /NaN or infinite/,
    ],
  ];
  for (const [what, edit, message] of forgeries) {
    it(`forged: ${what} is CHECKPOINT_CORRUPT`, () => {
      const { header, data } = parts(original);
      edit(header, data);
      const error = readError(forge(header, data));
      expect(error.code, error.message).toBe("CHECKPOINT_CORRUPT");
      expect(error.message).toMatch(message);
    });
  }

  it("a checkpoint of the older format (no digest) is CHECKPOINT_INVALID with a hint", () => {
    const bytes = Buffer.from(original);
    bytes.write("BIORE-CKPT-1\n", 0, "utf8");
    const error = readError(bytes);
    expect(error.code).toBe("CHECKPOINT_INVALID");
    expect(error.message).toMatch(/older version/);
  });

  it("train --resume on a damaged checkpoint stops with CHECKPOINT_CORRUPT, on a forged misfit with CHECKPOINT_INVALID", async () => {
    const model = make();
    const resume = async (bytes: Uint8Array) => {
      const dir = mkdtempSync(join(root, "resume-"));
      writeFileSync(join(dir, CHECKPOINT_FILE), bytes);
      const before = tf.memory().numTensors;
      const error = await train(
        model,
        { documents: corpus.documents },
        { ...options, checkpointDir: dir, resume: true },
      ).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(tf.memory().numTensors).toBe(before);
      expect(error).toBeInstanceOf(ModelError);
      return error as ModelError;
    };
    expect((await resume(original.subarray(0, original.byteLength - 100))).code).toBe(
      "CHECKPOINT_CORRUPT",
    );
    const edited = parts(original);
    edited.header.state.epoch = 999;
    expect((await resume(forge(edited.header, edited.data))).code).toBe("CHECKPOINT_CORRUPT");
    // int32 instead of float32 for one parameter: the same bytes, a tensor that does not fit
    const retyped = parts(original);
    const spec = retyped.header.specs.find((s: { name: string }) => s.name.startsWith("param/"));
    spec.dtype = "int32";
    retyped.data.fill(0);
    const misfit = await resume(forge(retyped.header, retyped.data));
    expect(misfit.code).toBe("CHECKPOINT_INVALID");
    expect(misfit.message).toMatch(/does not fit this model/);
    model.dispose();
  });
});
