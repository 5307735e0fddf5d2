import type { Output } from "../output.js";
import type { EpochRecord } from "../reports/types.js";
import { type Bar, type BarTarget, startBar } from "./bars.js";

function fmt(x: number | undefined): string {
  return x === undefined || !Number.isFinite(x) ? "–" : x.toFixed(3);
}

/**
 * Shows training: a bar per epoch with ETA and running loss on a terminal,
 * and one summary line per epoch (loss, validation F1, time) everywhere.
 */
export class TrainingProgress {
  private bar: Bar | undefined;
  private lastValF1: number | undefined;
  private batches = 0;
  private lossSum = 0;

  constructor(
    private readonly output: Output,
    private readonly target: BarTarget,
    private readonly label: string,
    private readonly epochs: number,
  ) {}

  /** A new epoch of `batches` batches begins. */
  startEpoch(epoch: number, batches: number): void {
    this.bar?.stop();
    this.batches = batches;
    this.lossSum = 0;
    this.bar = startBar(
      this.target,
      `${this.label} epoch {epoch}/${this.epochs} |{bar}| {value}/{total} batches | ETA {eta_formatted} | loss {loss} | val F1 {valF1}`,
      batches,
      { epoch, loss: "–", valF1: fmt(this.lastValF1) },
    );
  }

  /** Batch `done` of this epoch finished with this loss; the bar shows the epoch's running mean. */
  batch(done: number, loss: number): void {
    this.lossSum += loss;
    this.bar?.update(done, { loss: fmt(this.lossSum / Math.max(1, done)) });
  }

  /** The epoch ended; prints its summary line. */
  endEpoch(record: EpochRecord, note = ""): void {
    this.lastValF1 = record.valF1;
    this.bar?.update(this.batches, { loss: fmt(record.loss), valF1: fmt(record.valF1) });
    this.bar?.stop();
    this.bar = undefined;
    this.output.err(
      `${this.label} epoch ${record.epoch}/${this.epochs}  loss ${fmt(record.loss)}  val F1 ${fmt(record.valF1)}  ${record.seconds.toFixed(1)} s${note ? `  ${note}` : ""}`,
    );
  }

  /** Removes any bar still drawn. */
  stop(): void {
    this.bar?.stop();
    this.bar = undefined;
  }
}
