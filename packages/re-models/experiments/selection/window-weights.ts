// Round 4.2 (summaries/window-weights-round42.md): the weights at the ends of epochs e − 1, e and
// e + 1 averaged into one model, for every centre e, scored like an epoch. Training is not
// changed: the epochs' weights are copied as they end and averaged after the last one.
import * as tf from "@tensorflow/tfjs-core";
import type { RelationModel } from "../../src/index.js";

/** Copies of the model's weights at the end of each epoch, in order. */
export class EpochWeights {
  private readonly snapshots: Map<string, tf.Tensor>[] = [];

  /** Keeps the model's current weights (call at the end of each epoch). */
  keep(model: RelationModel): void {
    this.snapshots.push(model.snapshot());
  }

  /**
   * For each centre e = 2 … n − 1 (1-based), `score` of the model holding the mean of the weights
   * of epochs e − 1, e, e + 1; the model's own weights are restored afterwards.
   */
  scoreWindows<T>(model: RelationModel, score: (model: RelationModel) => T): Map<number, T> {
    const scored = new Map<number, T>();
    const own = model.snapshot();
    try {
      for (let centre = 2; centre < this.snapshots.length; centre++) {
        const window = this.snapshots.slice(centre - 2, centre + 1);
        const mean = new Map<string, tf.Tensor>();
        for (const name of own.keys())
          mean.set(
            name,
            tf.tidy(() =>
              tf.div(tf.addN(window.map((w) => w.get(name) as tf.Tensor)), window.length),
            ),
          );
        model.assign(mean);
        tf.dispose([...mean.values()]);
        scored.set(centre, score(model));
      }
    } finally {
      model.assign(own);
      tf.dispose([...own.values()]);
    }
    return scored;
  }

  dispose(): void {
    for (const snapshot of this.snapshots) tf.dispose([...snapshot.values()]);
    this.snapshots.length = 0;
  }
}
