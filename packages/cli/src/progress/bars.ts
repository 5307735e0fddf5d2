import cliProgress from "cli-progress";
import type { Output } from "../output.js";

/** Where bars draw: a TTY stream, or nothing (then only summary lines go to the output). */
export interface BarTarget {
  stream: NodeJS.WriteStream;
  enabled: boolean;
}

/** Bars draw on stderr when it is a terminal; CI logs and pipes get lines instead. */
export function defaultBarTarget(): BarTarget {
  return { stream: process.stderr, enabled: Boolean(process.stderr.isTTY) && !process.env.CI };
}

/** A single progress bar, or a no-op when bars are off. */
export interface Bar {
  update(value: number, payload?: Record<string, string | number>): void;
  setTotal(total: number): void;
  stop(): void;
}

const NO_BAR: Bar = { update() {}, setTotal() {}, stop() {} };

/** Starts a bar with the given cli-progress format (tokens: {bar} {value} {total} {eta_formatted} + payload). */
export function startBar(
  target: BarTarget,
  format: string,
  total: number,
  payload: Record<string, string | number> = {},
): Bar {
  if (!target.enabled) return NO_BAR;
  const bar = new cliProgress.SingleBar(
    {
      format,
      stream: target.stream,
      hideCursor: true,
      clearOnComplete: false,
      etaBuffer: 20,
      fps: 5,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0, payload);
  return {
    update: (value, p) => bar.update(value, p ?? {}),
    setTotal: (t) => bar.setTotal(t),
    stop: () => bar.stop(),
  };
}

/** Human-readable bytes: `12.3 MB`. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ["KB", "MB", "GB"];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}

/** Progress for a download: a byte bar on a terminal, else a line every 10%. */
export function downloadProgress(output: Output, target: BarTarget) {
  let bar: Bar | undefined;
  let lastTenth = -1;
  return {
    onStart(url: string) {
      output.err(`downloading ${url} into the cache`);
    },
    onProgress(received: number, total: number | undefined) {
      if (target.enabled) {
        bar ??= startBar(
          target,
          "download |{bar}| {percentage}% | {size} | ETA {eta_formatted}",
          total ?? 0,
        );
        bar.update(received, { size: formatBytes(received) });
      } else if (total) {
        const tenth = Math.floor((received / total) * 10);
        if (tenth !== lastTenth) {
          lastTenth = tenth;
          output.err(
            `downloaded ${formatBytes(received)} of ${formatBytes(total)} (${tenth * 10}%)`,
          );
        }
      }
    },
    stop() {
      bar?.stop();
    },
  };
}
