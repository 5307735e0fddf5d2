import * as tf from "@tensorflow/tfjs-core";
import type { ParamStore } from "../model/params.js";
import type { RelationModel } from "../model/relation-model.js";

/**
 * An exponential moving average of the parameters (Polyak averaging): validation and the
 * saved model use the average instead of the last step's weights. On a few hundred noisy
 * steps it behaves like a cheap ensemble of nearby checkpoints. The decay ramps up as
 * min(decay, (1 + n) / (10 + n)) over the n updates so far, so early weights fade quickly.
 */
export class ParameterAverage {
  private readonly average = new Map<string, tf.Variable>();
  private updates = 0;

  constructor(
    params: ParamStore,
    readonly decay: number,
  ) {
    for (const [name, v] of params) {
      const copy = tf.clone(v);
      this.average.set(name, tf.variable(copy, false));
      copy.dispose();
    }
  }

  /** Folds the current parameters into the average (after each optimizer step). */
  update(params: ParamStore): void {
    const d = Math.min(this.decay, (1 + this.updates) / (10 + this.updates));
    this.updates++;
    tf.tidy(() => {
      for (const [name, v] of params) {
        const avg = this.average.get(name) as tf.Variable;
        avg.assign(tf.add(tf.mul(avg, d), tf.mul(v, 1 - d)));
      }
    });
  }

  /** Runs `fn` with the averaged weights in the model, then puts the trained ones back. */
  withAverage<T>(model: RelationModel, fn: () => T): T {
    const trained = model.snapshot();
    model.assign(this.average);
    try {
      return fn();
    } finally {
      model.assign(trained);
      tf.dispose([...trained.values()]);
    }
  }

  /** Puts the averaged weights into the model. */
  applyTo(model: RelationModel): void {
    model.assign(this.average);
  }

  /** A copy of the averaged weights (the caller disposes it). */
  snapshot(): Map<string, tf.Tensor> {
    const copy = new Map<string, tf.Tensor>();
    for (const [name, v] of this.average) copy.set(name, tf.clone(v));
    return copy;
  }

  dispose(): void {
    tf.dispose([...this.average.values()]);
    this.average.clear();
  }
}
