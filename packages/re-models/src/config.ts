/** Named model sizes: `small` trains on 2 CPU cores, `base` is meant for GPUs. */
export type ModelSize = "small" | "base";

/** Hyper-parameters that define the network's shape. */
export interface ModelShape {
  embeddingDim: number;
  hiddenDim: number;
  contextLayers: number;
  projectionDim: number;
}

const SHAPES: Record<ModelSize, ModelShape> = {
  small: { embeddingDim: 64, hiddenDim: 128, contextLayers: 1, projectionDim: 64 },
  base: { embeddingDim: 128, hiddenDim: 256, contextLayers: 2, projectionDim: 128 },
};

/** The shape of a named size; throws with the valid names for an unknown one. */
export function modelShape(size: string): ModelShape {
  const shape = SHAPES[size as ModelSize];
  if (!shape) {
    throw new RangeError(
      `unknown model size "${size}"; expected one of: ${Object.keys(SHAPES).join(", ")}`,
    );
  }
  return { ...shape };
}
