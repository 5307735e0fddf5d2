import type { SourceLocation } from "./errors.js";

/** Problems that lenient reading tolerates but reports (strict reading throws them as errors). */
export type BioCWarningCode =
  | "PUBTATOR_LINE_SKIPPED"
  | "INVALID_UTF8"
  | "LONE_SURROGATE"
  | "DUPLICATE_KEY"
  | "TEXT_MISMATCH"
  | "DANGLING_REFERENCE"
  | "DUPLICATE_ID";

/** One tolerated problem and where it is. */
export interface BioCWarning {
  code: BioCWarningCode;
  message: string;
  location: SourceLocation;
}

/**
 * Counts the problems a lenient read tolerated. With an `onWarning` handler
 * each goes to it; without one, {@link flush} emits one Node process warning
 * (`process.emitWarning`, code `BIOC_IO_LENIENT_READ`) summarising the
 * counts, so a tolerated problem is never silent.
 */
export class WarningSink {
  readonly counts = new Map<BioCWarningCode, number>();
  private first: BioCWarning | undefined;

  constructor(
    private readonly file: string,
    private readonly handler: ((w: BioCWarning) => void) | undefined,
  ) {}

  add(code: BioCWarningCode, message: string, location: SourceLocation): void {
    this.counts.set(code, (this.counts.get(code) ?? 0) + 1);
    const w: BioCWarning = { code, message, location };
    this.first ??= w;
    this.handler?.(w);
  }

  get total(): number {
    let n = 0;
    for (const c of this.counts.values()) n += c;
    return n;
  }

  /** At the end of a read: the summary process warning when nobody handled them one by one. */
  flush(): void {
    if (this.handler || this.total === 0) return;
    const parts = [...this.counts].map(([code, n]) => `${n} ${code}`);
    process.emitWarning(
      `${this.file}: read leniently with ${parts.join(", ")}; first: ${this.first?.message} (pass strict: true to refuse, or onWarning to handle each)`,
      { code: "BIOC_IO_LENIENT_READ" },
    );
    this.counts.clear();
  }
}
