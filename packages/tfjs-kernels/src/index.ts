export { BioreError, type KernelErrorCode, KernelError } from "./errors.js";
export {
  FAST_CPU_KERNELS,
  type FastCpuKernelsOptions,
  type FastCpuKernelsRegistration,
  type FastKernel,
  ONNXRUNTIME_ENV,
  fastCpuKernelsInForce,
  registerFastCpuKernels,
  unregisterFastCpuKernels,
} from "./kernels/index.js";
export { ONNXRUNTIME_VERSION } from "./ort/runtime.js";
export { dropout } from "./ops/dropout.js";
export { gatherRows } from "./ops/gather-rows.js";
export {
  type GatheredRowDistancesOptions,
  gatheredRowDistances,
} from "./ops/gathered-row-distances.js";
export { l2NormalizeRows } from "./ops/l2-normalize-rows.js";
export {
  type LabelSoftmaxCrossEntropyOptions,
  labelSoftmaxCrossEntropy,
} from "./ops/label-softmax-cross-entropy.js";
export {
  type SelfSimilaritySoftmaxCrossEntropyOptions,
  selfSimilaritySoftmaxCrossEntropy,
} from "./ops/similarity-softmax-cross-entropy.js";
export {
  type MaskedSoftmaxCrossEntropyOptions,
  maskedSoftmaxCrossEntropy,
} from "./ops/masked-softmax-cross-entropy.js";
export {
  type AdamWSlots,
  type AdamWUpdateOptions,
  adamwUpdate,
  adamwUpdateReference,
} from "./ops/adamw-update.js";
export { depthwiseConv1d, depthwiseConv1dReference, shiftTime } from "./ops/depthwise-conv1d.js";
export { layerNorm, layerNormReference } from "./ops/layer-norm.js";
export { globalNorm, globalNormReference } from "./ops/global-norm.js";
export { residualLayerNorm, residualLayerNormReference } from "./ops/residual-layer-norm.js";
export {
  type ResidualConvBlock,
  residualConvStack,
  residualConvStackReference,
} from "./ops/residual-conv-stack.js";
export { segmentLogSumExp, segmentLogSumExpReference } from "./ops/segment-log-sum-exp.js";
export { denseRelu, denseReluReference } from "./ops/dense-relu.js";
export {
  type CsrMatrix,
  sparseDenseMatMul,
  sparseDenseMatMulReference,
} from "./ops/sparse-dense-mat-mul.js";
