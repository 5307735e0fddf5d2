import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import { beforeAll, describe, expect, it } from "vitest";
import {
  experimentEvaluate,
  experimentTrain,
  tinyModel,
} from "../test-support/experiment-fixtures.js";
import { holdOutForSelection } from "./held-out.js";
import { runExperiment } from "./run-experiment.js";
import { trainRun } from "./train-run.js";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

const quick = { objective: "baseline" as const, epochs: 1, batchSize: 6, learningRate: 1e-2 };

describe("the runner's typer step", () => {
  it("fits the typer on the fit documents, fuses it and re-tunes the rule on the held-out slice", async () => {
    const data = holdOutForSelection(experimentTrain, { seed: 2, fraction: 0.2 });
    const model = tinyModel(data, 2);
    const run = await trainRun(model, data, { ...quick, seed: 2, typer: { weight: 1, l2: 1e-3 } });
    expect(run.typer?.fusion).toEqual({ weight: 1, evidence: false, typesOnly: false });
    expect(run.typer?.grid.map((g) => g.l2)).toEqual([1e-3]);
    expect(model.typer?.typer).toBe(run.typer?.typer);
    expect(model.metadata?.options.typer).toMatchObject({ weight: 1, l2: 1e-3 });
    // the typer types these documents' gold pairs right: fused held-out F1 is no worse
    expect(run.typer!.heldOutF1.fused).toBeGreaterThanOrEqual(run.typer!.heldOutF1.network);
    model.dispose();
  });

  it("weight 0 is no typer at all: the same model as without the option", async () => {
    const data = holdOutForSelection(experimentTrain, { seed: 2, fraction: 0.2 });
    const a = tinyModel(data, 2);
    const b = tinyModel(data, 2);
    await trainRun(a, data, { ...quick, seed: 2 });
    const run = await trainRun(b, data, { ...quick, seed: 2, typer: { weight: 0 } });
    expect(run.typer).toBeUndefined();
    expect(b.typer).toBeUndefined();
    expect(b.decision).toEqual(a.decision);
    a.dispose();
    b.dispose();
  });

  it("an ensemble's members share one typer fit, and the ensemble is scored with it", async () => {
    const seen: unknown[] = [];
    const result = await runExperiment({
      train: experimentTrain,
      evaluate: experimentEvaluate,
      seeds: [1],
      ensemble: 2,
      systems: [
        {
          name: "baseline",
          createModel: tinyModel,
          trainOptions: () => ({ ...quick, typer: { weight: 0.5, l2: 1e-3 } }),
        },
      ],
      bootstrap: { iterations: 20, seed: 1 },
      onRun: (_run, model) => {
        seen.push(model.typer?.fusion.weight);
      },
    });
    const run = result.runs[0]!;
    expect(run.members?.map((m) => m.training.typer?.typer)).toEqual([
      run.members?.[0]?.training.typer?.typer,
      run.members?.[0]?.training.typer?.typer,
    ]);
    expect(run.members?.[1]?.training.typer?.grid).toEqual([]);
    expect(seen).toEqual([0.5]);
  });
});
