import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import { beforeAll, describe, expect, it } from "vitest";
import { ModelError } from "../errors.js";
import { predict } from "../inference/predict.js";
import { loadModel } from "../io/load-model.js";
import { saveModel } from "../io/save-model.js";
import { decide, tuneNoneBias, tuneNoveltyThreshold } from "../inference/decision.js";
import type { RelationModel } from "../model/relation-model.js";
import {
  bothObjectives,
  experimentEvaluate,
  experimentTrain,
  tinyModel,
} from "../test-support/experiment-fixtures.js";
import { averageScores, ensembleView, tuneEnsembleDecision } from "./ensemble.js";
import { evaluateRun } from "./evaluate-run.js";
import { type TrainingData, holdOutForSelection } from "./held-out.js";
import { runExperiment } from "./run-experiment.js";
import { trainEnsemble } from "./train-ensemble.js";
import { type TrainRunResult, trainRun } from "./train-run.js";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

const train = experimentTrain;
const evaluate = experimentEvaluate;
const tiny = tinyModel;
const trainOptions = { epochs: 2, batchSize: 6, learningRate: 1e-2 } as const;

async function trained(data: TrainingData, seed: number): Promise<RelationModel> {
  const model = tiny(data, seed);
  await trainRun(model, data, { ...trainOptions, seed });
  return model;
}

describe("ensemble of models", () => {
  it("averages the members' logits per candidate pair and tunes its rule on the held-out slice", async () => {
    const data = holdOutForSelection(train, { seed: 1 });
    const members = [await trained(data, 1), await trained(data, 2), await trained(data, 3)];
    const documents = data.validation.documents;
    const parts = members.map((m) => m.score(documents));
    const averaged = ensembleView(members).score(documents);
    expect(averaged.numPairs).toBeGreaterThan(0);
    for (let i = 0; i < averaged.relationLogits.length; i += 7) {
      const mean = parts.reduce((s, p) => s + (p.relationLogits[i] as number), 0) / 3;
      expect(averaged.relationLogits[i]).toBe(Math.fround(mean));
    }
    const novelty = parts.reduce((s, p) => s + (p.noveltyLogits[0] as number), 0) / 3;
    expect(averaged.noveltyLogits[0]).toBe(Math.fround(novelty));
    expect(averaged.labelIds).toEqual(parts[0]!.labelIds);
    // the members differ, so the mean is not any one of them
    expect(Array.from(averaged.relationLogits)).not.toEqual(Array.from(parts[0]!.relationLogits));

    // the rule: re-models' tuning functions on the averaged held-out scores
    const rule = tuneEnsembleDecision(ensembleView(members), data);
    expect(rule).toEqual({
      noneBias: tuneNoneBias(averaged).noneBias,
      noveltyThreshold: tuneNoveltyThreshold(averaged),
    });
    // evaluated like one model: predictions are decide() on the averaged Dev scores
    const view = ensembleView(members, rule);
    const run = evaluateRun(view, evaluate);
    const devScores = averageScores(members.map((m) => m.score(run.dataset.documents)));
    const decided = decide(devScores, rule).labelIds.filter((label) => label !== 0);
    expect(run.prediction.relations).toHaveLength(decided.length);
    // embeddings come from the first member, whose space they are
    const withEmbeddings = view.score(documents, { embeddings: true });
    expect(withEmbeddings.embeddings).toEqual(
      members[0]!.score(documents, { embeddings: true }).embeddings,
    );
    for (const m of members) m.dispose();
  });

  it("of one model (or of copies of one) is that model: same rule, same predictions", async () => {
    const data = holdOutForSelection(train, { seed: 2 });
    const model = await trained(data, 4);
    const single = evaluateRun(model, evaluate).scores;
    for (const view of [ensembleView([model]), ensembleView([model, model, model])]) {
      expect(tuneEnsembleDecision(view, data)).toEqual(model.decision);
      view.decision = tuneEnsembleDecision(view, data);
      expect(evaluateRun(view, evaluate).scores).toEqual(single);
    }
    model.dispose();
  });

  it("refuses members that scored different pairs, and no members", () => {
    const scores = (pairs: number) => ({
      numPairs: pairs,
      numLabels: 2,
      relationLogits: new Float32Array(pairs * 2),
      noveltyLogits: new Float32Array(pairs),
      embeddingDim: 0,
      labelIds: new Int32Array(pairs),
      novelIds: new Int32Array(pairs),
    });
    expect(() => averageScores([scores(3), scores(4)])).toThrow(ModelError);
    expect(() => averageScores([scores(3), scores(4)])).toThrow(/member 1 scored other pairs/);
    expect(() => averageScores([])).toThrow(/at least one member/);
  });
});

describe("runExperiment with ensemble", () => {
  const systems = bothObjectives;

  it("trains n members per system with seeds seed..seed+n-1 on one held-out split", async () => {
    const before = tf.memory().numTensors;
    const trainedSeeds: string[] = [];
    const result = await runExperiment({
      train,
      evaluate,
      seeds: [5],
      ensemble: 2,
      systems,
      bootstrap: { iterations: 50, seed: 1 },
      callbacks: (system, seed) => {
        trainedSeeds.push(`${system} ${seed}`);
        return {};
      },
    });
    expect(trainedSeeds).toEqual(["baseline 5", "baseline 6", "hnm 5", "hnm 6"]);
    expect(result.runs.map((r) => `${r.system} ${r.seed}`)).toEqual(["baseline 5", "hnm 5"]);
    const run = result.runs[0]!;
    expect(run.members?.map((m) => m.seed)).toEqual([5, 6]);
    expect(run.training.seconds).toBeCloseTo(
      run.members!.reduce((s, m) => s + m.training.seconds, 0),
      9,
    );
    expect(result.summaries.baseline!.pair.perSeed).toEqual([run.evaluation.scores.pair.f1]);
    expect(result.comparisons[0]).toMatchObject({ system: "hnm", reference: "baseline" });
    expect(tf.memory().numTensors).toBe(before); // every member disposed
    await expect(
      runExperiment({
        train,
        evaluate,
        seeds: [1],
        ensemble: 0,
        systems,
        bootstrap: { iterations: 1, seed: 1 },
      }),
    ).rejects.toThrow(/ensemble must be a whole number >= 1/);
  });
});

describe("trainEnsemble", () => {
  it("trains seeds seed..seed+n-1 on one split, shares the typer fit and tunes the view's rule", async () => {
    const data = holdOutForSelection(train, { seed: 3, fraction: 0.2 });
    const before = tf.memory().numTensors;
    const seen: number[] = [];
    const recipe = {
      createModel: (seed: number) => tiny(data, seed),
      trainOptions: () => ({ ...trainOptions, epochs: 1, typer: { weight: 0.5, l2: 1e-3 } }),
      callbacks: (seed: number) => {
        seen.push(seed);
        return {};
      },
    };
    const trained = await trainEnsemble(data, 7, 2, recipe);
    expect(seen).toEqual([7, 8]);
    expect(trained!.members).toHaveLength(2);
    const [a, b] = trained!.trainings;
    expect(b!.typer!.typer).toBe(a!.typer!.typer);
    expect(b!.typer!.grid).toEqual([]);
    expect(trained!.model.decision).toEqual(
      tuneEnsembleDecision(ensembleView(trained!.members), data),
    );
    trained!.model.dispose(); // the view owns its members
    // one member is that model itself, with its own rule
    const single = await trainEnsemble(data, 7, 1, recipe);
    expect(single!.model).toBe(single!.members[0]);
    single!.model.dispose();
    // a stopped run disposes what it made
    const controller = new AbortController();
    controller.abort();
    expect(await trainEnsemble(data, 7, 2, recipe, controller.signal)).toBeUndefined();
    expect(tf.memory().numTensors).toBe(before);
    await expect(trainEnsemble(data, 7, 0, recipe)).rejects.toThrow(/whole number >= 1/);
  });
});

describe("trainEnsemble of a resumed run", () => {
  it("uses the members an earlier run finished as they are, and decides as the uninterrupted run", async () => {
    const data = holdOutForSelection(train, { seed: 3, fraction: 0.2 });
    const options = () => ({ ...trainOptions, epochs: 1, typer: { weight: 0.5, l2: 1e-3 } });
    const kept: { seed: number; model: RelationModel; training: TrainRunResult }[] = [];
    const whole = await trainEnsemble(data, 7, 3, {
      createModel: (seed) => tiny(data, seed),
      trainOptions: options,
      onTrained: (seed, model, training) => {
        kept.push({ seed, model, training });
      },
    });
    expect(kept.map((k) => k.seed)).toEqual([7, 8, 9]);
    // the resumed run finds members 7 and 8 finished, as saved and loaded back (the first
    // view owns the originals), the first one's typer coming from its typer.json
    const folder = mkdtempSync(join(tmpdir(), "re-models-resumed-ensemble-"));
    const copies: typeof kept = [];
    for (const k of kept.slice(0, 2)) {
      await saveModel(k.model, join(folder, String(k.seed)));
      const model = loadModel(join(folder, String(k.seed)));
      const typer = { ...k.training.typer!, typer: model.typer!.typer };
      copies.push({ seed: k.seed, model, training: { ...k.training, typer } });
    }
    rmSync(folder, { recursive: true, force: true });
    const created: number[] = [];
    const trainedAgain: number[] = [];
    const resumed = await trainEnsemble(data, 7, 3, {
      createModel: (seed) => {
        created.push(seed);
        return tiny(data, seed);
      },
      trainOptions: options,
      trained: (seed) => copies.find((c) => c.seed === seed),
      onTrained: (seed) => {
        trainedAgain.push(seed);
      },
    });
    expect(created).toEqual([9]);
    expect(trainedAgain).toEqual([9]);
    // member 9 got member 7's typer, as in the whole run
    expect(resumed!.trainings[2]!.typer!.typer).toBe(copies[0]!.training.typer!.typer);
    expect(resumed!.model.decision).toEqual(whole!.model.decision);
    const expected = predict(whole!.model, evaluate).relations;
    expect(expected.length).toBeGreaterThan(0);
    expect(predict(resumed!.model, evaluate).relations).toEqual(expected);
    whole!.model.dispose();
    resumed!.model.dispose();
  });
});
