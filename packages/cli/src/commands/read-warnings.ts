import { WarningTally } from "@biore/bioc-io";
import type { Output } from "../output.js";

/** Collects what a lenient read tolerated and prints it as one warning line (never silent). */
export class ReadWarnings extends WarningTally {
  /** `warning: FILE read leniently: 2 PUBTATOR_LINE_SKIPPED, ...; first: ...` and a hint, if any. */
  report(output: Output, file: string): void {
    if (this.total === 0) return;
    output.err(`warning: ${file} read leniently: ${this.summary()}`);
    output.err("hint: --strict refuses such input with its location");
  }
}
