import { broadcastBinaryKernel } from "./broadcast-binary.js";
import type { FastKernel } from "./cpu-backend.js";

// One loop per op (not a shared callback) so V8 compiles each to straight arithmetic.

/** Broadcasting `Multiply` for float32. */
export const multiplyKernel: FastKernel = broadcastBinaryKernel(
  "Multiply",
  (a, ao, as, b, bo, bs, out, o, n) => {
    for (let i = 0; i < n; i++)
      out[o + i] = (a[ao + i * as] as number) * (b[bo + i * bs] as number);
  },
);

/** Broadcasting `Add` for float32. */
export const addKernel: FastKernel = broadcastBinaryKernel(
  "Add",
  (a, ao, as, b, bo, bs, out, o, n) => {
    for (let i = 0; i < n; i++)
      out[o + i] = (a[ao + i * as] as number) + (b[bo + i * bs] as number);
  },
);

/** Broadcasting `Sub` for float32. */
export const subKernel: FastKernel = broadcastBinaryKernel(
  "Sub",
  (a, ao, as, b, bo, bs, out, o, n) => {
    for (let i = 0; i < n; i++)
      out[o + i] = (a[ao + i * as] as number) - (b[bo + i * bs] as number);
  },
);

/** Broadcasting `RealDiv` for float32. */
export const realDivKernel: FastKernel = broadcastBinaryKernel(
  "RealDiv",
  (a, ao, as, b, bo, bs, out, o, n) => {
    for (let i = 0; i < n; i++)
      out[o + i] = (a[ao + i * as] as number) / (b[bo + i * bs] as number);
  },
);
