import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { TrainingProgress } from "./training-progress.js";

function capture() {
  const err: string[] = [];
  return { err, output: { out: () => {}, err: (l: string) => err.push(l) } };
}

describe("TrainingProgress", () => {
  it("prints one summary line per epoch when bars are off (CI, pipes)", () => {
    const io = capture();
    const target = { stream: process.stderr, enabled: false };
    const p = new TrainingProgress(io.output, target, "hnm", 3);
    p.startEpoch(1, 2);
    p.batch(1, 2);
    p.batch(2, 1);
    p.endEpoch({ epoch: 1, loss: 1.5, valF1: 0.25, seconds: 3.21 }, "(+contrastive)");
    expect(io.err).toEqual(["hnm epoch 1/3  loss 1.500  val F1 0.250  3.2 s  (+contrastive)"]);
  });

  it("draws a bar with ETA, running loss and the last held-out F1 on a terminal", () => {
    const io = capture();
    const stream = Object.assign(new PassThrough(), {
      isTTY: true,
      columns: 200,
      cursorTo() {},
      clearLine() {},
      moveCursor() {},
    });
    let drawn = "";
    stream.on("data", (c: Buffer) => {
      drawn += c.toString();
    });
    const p = new TrainingProgress(
      io.output,
      { stream: stream as unknown as NodeJS.WriteStream, enabled: true },
      "baseline",
      2,
    );
    p.startEpoch(1, 4);
    p.batch(1, 2);
    p.batch(2, 1);
    p.endEpoch({ epoch: 1, loss: 1.2, valF1: 0.4, seconds: 1 });
    expect(drawn).toMatch(
      /baseline epoch 1\/2 .*4\/4 batches \| ETA .* \| loss 1\.200 \| val F1 0\.400/,
    );
    expect(io.err).toHaveLength(1);
  });
});
