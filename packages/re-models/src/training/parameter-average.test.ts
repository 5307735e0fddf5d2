import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import { beforeAll, describe, expect, it } from "vitest";
import { syntheticCorpus, syntheticModel } from "../test-support/synthetic.js";
import { ParameterAverage } from "./parameter-average.js";
import { train } from "./train.js";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

const corpus = syntheticCorpus(5, 6);
const make = () => syntheticModel(corpus, 3);

describe("ParameterAverage", () => {
  it("averages with a ramped decay and lends the average without losing the trained weights", () => {
    const model = make();
    const name = "relation/bias";
    const param = model.params.get(name) as tf.Variable;
    const average = new ParameterAverage(model.params, 0.5);
    param.assign(tf.fill(param.shape, 1));
    average.update(model.params); // decay min(0.5, 1/10) = 0.1: 0.9 * 1
    param.assign(tf.fill(param.shape, 2));
    average.update(model.params); // decay min(0.5, 2/11): 2/11 * 0.9 + 9/11 * 2
    const expected = (2 / 11) * 0.9 + (9 / 11) * 2;
    const seen = average.withAverage(model, () => Array.from(param.dataSync()));
    for (const v of seen) expect(v).toBeCloseTo(expected, 5);
    for (const v of param.dataSync()) expect(v).toBe(2);
    average.dispose();
    model.dispose();
  });

  it("gives train's model the averaged weights of its best epoch, without leaking tensors", async () => {
    const plain = make();
    const averaged = make();
    const options = { epochs: 2, batchSize: 2, seed: 1, validation: corpus.documents.slice(0, 2) };
    const before = tf.memory().numTensors;
    await train(plain, { documents: corpus.documents }, options);
    await train(averaged, { documents: corpus.documents }, { ...options, parameterAverage: 0.9 });
    expect(tf.memory().numTensors).toBe(before);
    const a = averaged.params.get("pair/out_kernel")?.dataSync() ?? [];
    const b = plain.params.get("pair/out_kernel")?.dataSync() ?? [];
    expect(Array.from(a).some((v, i) => Math.abs(v - (b[i] ?? 0)) > 1e-6)).toBe(true);
    expect(averaged.metadata?.options).toMatchObject({ parameterAverage: 0.9 });
    await expect(
      train(make(), { documents: corpus.documents }, { epochs: 1, parameterAverage: 1 }),
    ).rejects.toMatchObject({ code: "INVALID_CONFIG" });
    plain.dispose();
    averaged.dispose();
  });
});
