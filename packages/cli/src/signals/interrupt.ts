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

/**
 * The first Ctrl-C aborts `signal` so the trainer stops after its current
 * batch and a resumable checkpoint is written; a second one quits at once.
 */
export function catchInterrupt(output: Output, what: string): InterruptScope {
  const controller = new AbortController();
  const onSigint = () => {
    if (controller.signal.aborted) {
      output.err("interrupted again: quitting without a checkpoint");
      process.exit(130);
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
