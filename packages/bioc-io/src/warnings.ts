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
 * Counts tolerated problems by code and keeps the first: what a one-line
 * summary of a lenient read needs. Pass {@link WarningTally.onWarning} as a
 * reader's `onWarning` to collect them yourself.
 */
export class WarningTally {
  readonly counts = new Map<BioCWarningCode, number>();
  first: BioCWarning | undefined;

  readonly onWarning = (w: BioCWarning): void => {
    this.counts.set(w.code, (this.counts.get(w.code) ?? 0) + 1);
    this.first ??= w;
  };

  get total(): number {
    let n = 0;
    for (const c of this.counts.values()) n += c;
    return n;
  }

  /** `2 PUBTATOR_LINE_SKIPPED, 1 TEXT_MISMATCH; first: <its message>` (empty when none). */
  summary(): string {
    if (!this.first) return "";
    const parts = [...this.counts].map(([code, n]) => `${n} ${code}`);
    return `${parts.join(", ")}; first: ${this.first.message}`;
  }
}

/**
 * The reader's own tally. With an `onWarning` handler each problem goes to
 * it; without one, {@link flush} emits one Node process warning
 * (`process.emitWarning`, code `BIOC_IO_LENIENT_READ`) summarising the
 * counts, so a tolerated problem is never silent.
 */
export class WarningSink {
  private readonly tally = new WarningTally();

  constructor(
    private readonly file: string,
    private readonly handler: ((w: BioCWarning) => void) | undefined,
  ) {}

  get counts(): ReadonlyMap<BioCWarningCode, number> {
    return this.tally.counts;
  }

  add(code: BioCWarningCode, message: string, location: SourceLocation): void {
    const w: BioCWarning = { code, message, location };
    this.tally.onWarning(w);
    this.handler?.(w);
  }

  get total(): number {
    return this.tally.total;
  }

  /** At the end of a read: the summary process warning when nobody handled them one by one. */
  flush(): void {
    if (this.handler || this.tally.total === 0) return;
    process.emitWarning(
      `${this.file}: read leniently with ${this.tally.summary()} (pass strict: true to refuse, or onWarning to handle each)`,
      { code: "BIOC_IO_LENIENT_READ" },
    );
    this.tally.counts.clear();
  }
}
