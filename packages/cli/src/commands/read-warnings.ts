import type { BioCWarning } from "@biore/bioc-io";
import type { Output } from "../output.js";

/** Collects what a lenient read tolerated and prints it as one warning line (never silent). */
export class ReadWarnings {
  private readonly counts = new Map<string, number>();
  private first: BioCWarning | undefined;

  /** Pass as `onWarning` to bioc-io readers. */
  readonly onWarning = (w: BioCWarning): void => {
    this.counts.set(w.code, (this.counts.get(w.code) ?? 0) + 1);
    this.first ??= w;
  };

  get total(): number {
    let n = 0;
    for (const c of this.counts.values()) n += c;
    return n;
  }

  /** `warning: FILE read leniently: 2 PUBTATOR_LINE_SKIPPED, ...; first: ...` and a hint, if any. */
  report(output: Output, file: string): void {
    if (this.total === 0 || !this.first) return;
    const parts = [...this.counts].map(([code, n]) => `${n} ${code}`).join(", ");
    output.err(`warning: ${file} read leniently: ${parts}; first: ${this.first.message}`);
    output.err("hint: --strict refuses such input with its location");
  }
}
