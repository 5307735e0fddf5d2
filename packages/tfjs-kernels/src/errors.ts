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

/** A kernel or option of this package met something it cannot run: a stable `code` plus the kernel or option at fault. */
export class KernelError extends Error {
  override readonly name: string = "KernelError";
  /** What went wrong, stable across versions. */
  readonly code: KernelErrorCode;
  /** The kernel (e.g. `BatchMatMul`) or option (e.g. `threads`) at fault. */
  readonly where: string;

  constructor(
    code: KernelErrorCode,
    where: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${where}: ${message}`, options);
    this.code = code;
    this.where = where;
  }
}
