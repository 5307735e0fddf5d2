import type { Output } from "../output.js";

/** Thrown after a Ctrl-C was honoured (checkpoint written); the CLI exits 130. */
export class Interrupted extends Error {
  override readonly name = "Interrupted";
}

/** An abort signal tied to Ctrl-C for the duration of a command. */
export interface InterruptScope {
  signal: AbortSignal;
  /** True once Ctrl-C was pressed. */
  readonly interrupted: boolean;
  /** Removes the handler; call in `finally`. */
  dispose(): void;
}

/** What the second Ctrl-C does: end the process at once (replaceable in tests). */
export type QuitNow = (code: number) => void;

/**
 * The first Ctrl-C aborts `signal`: the trainer stops after its current step
 * (it yields to the event loop between steps, so this handler runs within one
 * step) and keeps the checkpoint of the last finished epoch. A second Ctrl-C
 * quits at once with exit code 130; temp files of atomic writes are removed by
 * bioc-io's exit hook, and finished files (checkpoints) stay.
 */
export function catchInterrupt(
  output: Output,
  what: string,
  quitNow: QuitNow = (code) => process.exit(code),
): InterruptScope {
  const controller = new AbortController();
  const onSigint = () => {
    if (controller.signal.aborted) {
      output.err("interrupted again: quitting now");
      quitNow(130);
      return;
    }
    output.err(`\ninterrupted: ${what} (Ctrl-C again to quit at once)`);
    controller.abort(new Interrupted("interrupted by Ctrl-C"));
  };
  process.on("SIGINT", onSigint);
  return {
    signal: controller.signal,
    get interrupted() {
      return controller.signal.aborted;
    },
    dispose: () => {
      process.off("SIGINT", onSigint);
    },
  };
}
