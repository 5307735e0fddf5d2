import { BioreError } from "@biore/internal";

export { BioreError };

/** Stable machine-readable error codes of this package. */
export type KernelErrorCode =
  | "NOT_CPU_BACKEND"
  | "MISSING_INPUT"
  | "UNEXPECTED_DTYPE"
  | "KERNEL_NOT_REGISTERED"
  | "INVALID_ATTRIBUTE"
  | "INVALID_INDICES"
  | "INVALID_OPTION"
  | "ONNXRUNTIME_FAILED";

/** A kernel or option of this package met something it cannot run: a stable `code` plus the kernel or option at fault (`where`). */
export class KernelError extends BioreError {
  override readonly name: string = "KernelError";
  /** What went wrong, stable across versions. */
  declare readonly code: KernelErrorCode;
  /** The kernel (e.g. `BatchMatMul`) or option (e.g. `threads`) at fault. */
  declare readonly where: string;

  constructor(
    code: KernelErrorCode,
    where: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(code, `${where}: ${message}`, { where, cause: options?.cause });
  }
}
