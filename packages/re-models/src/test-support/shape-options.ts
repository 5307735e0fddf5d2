// What the tests of the optional shape options (conceptGate, pairInteraction, pairAttention, ...)
// share: the checks every option added after the first models were saved must pass, and setting
// one of a model's parameters to known values.
import * as tf from "@tensorflow/tfjs-core";
import { expect } from "vitest";
import { type ModelConfig, type ModelShape, validateConfig } from "../config.js";
import type { RelationModel } from "../model/relation-model.js";
import { paramSpecs } from "../model/params.js";

/** The on/off shape options. */
type ShapeSwitch = {
  [K in keyof ModelShape]-?: ModelShape[K] extends boolean ? K : never;
}[keyof ModelShape];

/**
 * An option added later: off by default, no parameter of its own (`isOwn`) when off, its
 * parameters after every other one (so the others keep their seeded start), and a config saved
 * before the option existed loads with it off. `make(undefined)` builds the default model.
 */
export function expectLaterShapeOption(
  option: ShapeSwitch,
  make: (on: boolean | undefined) => RelationModel,
  isOwn: (paramName: string) => boolean,
): void {
  const base = make(undefined);
  const on = make(true);
  try {
    expect(base.config[option]).toBe(false);
    expect(paramSpecs(base.config).some((s) => isOwn(s.name))).toBe(false);
    const onNames = [...on.params.keys()];
    expect(onNames.slice(0, base.params.size)).toEqual([...base.params.keys()]);
    expect(onNames.slice(base.params.size).every(isOwn)).toBe(true);
    const { [option]: _, ...older } = on.config;
    expect(validateConfig(older as ModelConfig)[option]).toBe(false);
  } finally {
    base.dispose();
    on.dispose();
  }
}

/** Sets parameter `name` to zeros (`scale` 0) or to seeded normal values of SD `scale`. */
export function setParam(model: RelationModel, name: string, scale: number, seed: number): void {
  const param = model.params.get(name) as tf.Variable;
  tf.tidy(() =>
    param.assign(
      scale === 0 ? tf.zerosLike(param) : tf.randomNormal(param.shape, 0, scale, "float32", seed),
    ),
  );
}
