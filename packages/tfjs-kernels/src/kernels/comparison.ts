import { broadcastBinaryKernel } from "./broadcast-binary.js";
import type { FastKernel } from "./cpu-backend.js";

// Float32 comparisons (bool out) and Maximum/Minimum: tfjs's gradient of Max, Maximum, relu-like
// masks and the miners' masks broadcast them over whole activations, where tfjs's cpu kernel
// computes every element's coordinates. One loop per op so V8 compiles each to straight code.

/** Broadcasting `Equal` for float32 inputs. */
export const equalKernel: FastKernel = broadcastBinaryKernel(
  "Equal",
  (a, ao, as, b, bo, bs, out, o, n) => {
    for (let i = 0; i < n; i++)
      out[o + i] = (a[ao + i * as] as number) === (b[bo + i * bs] as number) ? 1 : 0;
  },
  "bool",
);

/** Broadcasting `Greater` for float32 inputs. */
export const greaterKernel: FastKernel = broadcastBinaryKernel(
  "Greater",
  (a, ao, as, b, bo, bs, out, o, n) => {
    for (let i = 0; i < n; i++)
      out[o + i] = (a[ao + i * as] as number) > (b[bo + i * bs] as number) ? 1 : 0;
  },
  "bool",
);

/** Broadcasting `GreaterEqual` for float32 inputs. */
export const greaterEqualKernel: FastKernel = broadcastBinaryKernel(
  "GreaterEqual",
  (a, ao, as, b, bo, bs, out, o, n) => {
    for (let i = 0; i < n; i++)
      out[o + i] = (a[ao + i * as] as number) >= (b[bo + i * bs] as number) ? 1 : 0;
  },
  "bool",
);

/** Broadcasting `Less` for float32 inputs. */
export const lessKernel: FastKernel = broadcastBinaryKernel(
  "Less",
  (a, ao, as, b, bo, bs, out, o, n) => {
    for (let i = 0; i < n; i++)
      out[o + i] = (a[ao + i * as] as number) < (b[bo + i * bs] as number) ? 1 : 0;
  },
  "bool",
);

/** Broadcasting `Maximum` for float32 (`Math.max`, as tfjs: NaN wins). */
export const maximumKernel: FastKernel = broadcastBinaryKernel(
  "Maximum",
  (a, ao, as, b, bo, bs, out, o, n) => {
    for (let i = 0; i < n; i++)
      out[o + i] = Math.max(a[ao + i * as] as number, b[bo + i * bs] as number);
  },
);

/** Broadcasting `Minimum` for float32 (`Math.min`, as tfjs: NaN wins). */
export const minimumKernel: FastKernel = broadcastBinaryKernel(
  "Minimum",
  (a, ao, as, b, bo, bs, out, o, n) => {
    for (let i = 0; i < n; i++)
      out[o + i] = Math.min(a[ao + i * as] as number, b[bo + i * bs] as number);
  },
);
