/** Where the CLI writes; injectable so tests capture output. */
export interface Output {
  /** Writes one line of results (stdout). */
  out(line: string): void;
  /** Writes one line of diagnostics (stderr). */
  err(line: string): void;
}

let pipesGuarded = false;

/**
 * Installed once, on the first line the CLI prints: when the reader of
 * stdout/stderr goes away (`biore stats … | head`), the write fails with
 * EPIPE; the process then ends quietly with its exit code so far (temp files
 * of atomic writes are removed by their exit hook) instead of dying with an
 * unhandled 'error' event and a stack trace. Any other stream error becomes
 * one line on the other stream and exit code 1.
 */
export function guardBrokenPipes(): void {
  if (pipesGuarded) return;
  pipesGuarded = true;
  for (const [stream, other] of [
    [process.stdout, process.stderr],
    [process.stderr, process.stdout],
  ] as const) {
    stream.on("error", (e: NodeJS.ErrnoException) => {
      if (e.code === "EPIPE") process.exit(process.exitCode ?? 0);
      try {
        other.write(`error: cannot write output: ${e.message}\n`);
      } finally {
        process.exit(1);
      }
    });
  }
}

export const processOutput: Output = {
  out: (line) => {
    guardBrokenPipes();
    process.stdout.write(`${line}\n`);
  },
  err: (line) => {
    guardBrokenPipes();
    process.stderr.write(`${line}\n`);
  },
};
