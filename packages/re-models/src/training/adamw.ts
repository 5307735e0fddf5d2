import { adamwUpdate } from "@biore/tfjs-kernels";
import * as tf from "@tensorflow/tfjs-core";

/**
 * Adam with decoupled weight decay; its whole state is named tensors, so checkpoints can hold it.
 * Bias correction counts each parameter's own updates: a part that starts training late (the
 * contrastive projection head after warm-up) gets Adam's first steps, not ones up to ~1.6x too large
 * from the global step.
 */
export class AdamW {
  step = 0;
  private readonly first = new Map<string, tf.Variable>();
  private readonly second = new Map<string, tf.Variable>();
  /** Updates applied to each parameter (its bias-correction step). */
  private readonly updates = new Map<string, number>();

  constructor(
    private readonly params: ReadonlyMap<string, tf.Variable>,
    readonly beta1 = 0.9,
    readonly beta2 = 0.999,
    readonly epsilon = 1e-8,
  ) {
    for (const [name, v] of params) {
      // tidy frees the zeros; the variables keep their own reference
      this.first.set(
        name,
        tf.tidy(() => tf.variable(tf.zerosLike(v), false)),
      );
      this.second.set(
        name,
        tf.tidy(() => tf.variable(tf.zerosLike(v), false)),
      );
    }
  }

  /** Applies one update; `decay(name)` says whether a parameter gets weight decay. */
  apply(
    grads: Record<string, tf.Tensor>,
    learningRate: number,
    weightDecay: number,
    decay: (name: string) => boolean,
    /** A parameter's own rate when it differs (learning-rate groups); default `learningRate`. */
    rateOf?: (name: string) => number,
    /** Factor on every gradient (clipping by global norm), folded into the update; default 1. */
    gradientScale = 1,
  ): void {
    this.step++;
    for (const [name, grad] of Object.entries(grads)) {
      const param = this.params.get(name);
      const m = this.first.get(name);
      const v = this.second.get(name);
      if (!param || !m || !v) continue;
      const count = (this.updates.get(name) ?? 0) + 1;
      this.updates.set(name, count);
      const correction1 = 1 - this.beta1 ** count;
      const correction2 = 1 - this.beta2 ** count;
      // one host pass on the cpu backend, the same tfjs ops elsewhere
      adamwUpdate({ param, m, v }, grad, {
        learningRate: rateOf ? rateOf(name) : learningRate,
        beta1: this.beta1,
        beta2: this.beta2,
        epsilon: this.epsilon,
        correction1,
        correction2,
        weightDecay: decay(name) && weightDecay > 0 ? weightDecay : 0,
        gradientScale,
      });
    }
  }

  /** Moment estimates by `m/<name>` and `v/<name>`. */
  stateTensors(): Record<string, tf.Tensor> {
    const out: Record<string, tf.Tensor> = {};
    for (const [name, m] of this.first) out[`m/${name}`] = m;
    for (const [name, v] of this.second) out[`v/${name}`] = v;
    return out;
  }

  /** Each parameter's update count, for a checkpoint (JSON-sized). */
  updateCounts(): Record<string, number> {
    return Object.fromEntries(this.updates);
  }

  /**
   * Restores the moments and step count saved by {@link stateTensors}, and the per-parameter
   * update counts (absent in older checkpoints: then every parameter counts the global step).
   */
  restore(tensors: Record<string, tf.Tensor>, step: number, counts?: Record<string, number>): void {
    this.updates.clear();
    for (const name of this.first.keys()) {
      const count = counts ? counts[name] : step;
      if (count) this.updates.set(name, count);
    }
    for (const [name, m] of this.first) {
      const value = tensors[`m/${name}`];
      if (value) m.assign(value);
    }
    for (const [name, v] of this.second) {
      const value = tensors[`v/${name}`];
      if (value) v.assign(value);
    }
    this.step = step;
  }

  /** Frees the moment estimates. */
  dispose(): void {
    for (const t of [...this.first.values(), ...this.second.values()]) t.dispose();
    this.first.clear();
    this.second.clear();
  }
}
