import * as tf from "@tensorflow/tfjs-core";

/** Adam with decoupled weight decay; its whole state is named tensors, so checkpoints can hold it. */
export class AdamW {
  step = 0;
  private readonly first = new Map<string, tf.Variable>();
  private readonly second = new Map<string, tf.Variable>();

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
  ): void {
    this.step++;
    const correction1 = 1 - this.beta1 ** this.step;
    const correction2 = 1 - this.beta2 ** this.step;
    for (const [name, grad] of Object.entries(grads)) {
      const param = this.params.get(name);
      const m = this.first.get(name);
      const v = this.second.get(name);
      if (!param || !m || !v) continue;
      tf.tidy(() => {
        m.assign(tf.add(tf.mul(m, this.beta1), tf.mul(grad, 1 - this.beta1)));
        v.assign(tf.add(tf.mul(v, this.beta2), tf.mul(tf.square(grad), 1 - this.beta2)));
        const update = tf.div(
          tf.div(m, correction1),
          tf.add(tf.sqrt(tf.div(v, correction2)), this.epsilon),
        );
        const decayed =
          decay(name) && weightDecay > 0 ? tf.add(update, tf.mul(param, weightDecay)) : update;
        param.assign(tf.sub(param, tf.mul(decayed, learningRate)));
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

  /** Restores the moments and step count saved by {@link stateTensors}. */
  restore(tensors: Record<string, tf.Tensor>, step: number): void {
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
