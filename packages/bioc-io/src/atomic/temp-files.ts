import { readdirSync, rmSync, unlinkSync } from "node:fs";
import { basename, dirname, join } from "node:path";

/**
 * One process-wide registry of temp files that are being written. They are
 * removed when the process exits (any way Node can still run code) and on
 * SIGINT/SIGTERM/SIGHUP; a SIGKILL leaves one behind, which the next atomic
 * write to the same target removes (its name carries the dead writer's pid).
 */
const live = new Set<string>();
const SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;
let installed = false;

function removeAllSync(): void {
  for (const path of live) {
    try {
      unlinkSync(path);
    } catch {
      // already gone (renamed or removed); nothing to clean
    }
  }
  live.clear();
}

function onSignal(signal: NodeJS.Signals): void {
  // With another handler installed (a CLI's graceful Ctrl-C), that handler
  // decides whether the process ends (the exit hook cleans up if it does);
  // otherwise clean up and end the process as the signal would have.
  if (process.listenerCount(signal) > 1) return;
  removeAllSync();
  uninstall();
  process.kill(process.pid, signal);
}

function onExit(): void {
  removeAllSync();
}

function install(): void {
  if (installed) return;
  installed = true;
  for (const s of SIGNALS) process.on(s, onSignal);
  process.on("exit", onExit);
}

function uninstall(): void {
  if (!installed) return;
  installed = false;
  for (const s of SIGNALS) process.off(s, onSignal);
  process.off("exit", onExit);
}

/** Registers a temp file for removal on exit/signal; installs the handlers on first use. */
export function trackTempFile(path: string): void {
  live.add(path);
  install();
}

/** Forgets a temp file (renamed into place or removed); drops the handlers when none is left. */
export function untrackTempFile(path: string): void {
  live.delete(path);
  if (live.size === 0) uninstall();
}

/** Removes a temp file (if present) and forgets it. */
export function discardTempFile(path: string): void {
  try {
    rmSync(path, { force: true });
  } catch {
    // never created (its folder is missing): nothing to remove
  }
  untrackTempFile(path);
}

/** Temp files currently being written by this process (for tests and diagnostics). */
export function liveTempFiles(): readonly string[] {
  return [...live];
}

const TEMP_SUFFIX = ".tmp";

/** `.NAME.PID.RANDOM.tmp` beside the target, so rename stays on one file system. */
export function tempPathFor(target: string): string {
  const random = Math.floor(Math.random() * 0xffffffff)
    .toString(16)
    .padStart(8, "0");
  return join(dirname(target), `.${basename(target)}.${process.pid}.${random}${TEMP_SUFFIX}`);
}

function isAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: the process exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Removes temp files for `target` left by writers that no longer run (killed with SIGKILL, power loss). */
export function sweepStaleTempFiles(target: string): number {
  const prefix = `.${basename(target)}.`;
  let entries: string[];
  try {
    entries = readdirSync(dirname(target));
  } catch {
    return 0;
  }
  let removed = 0;
  for (const name of entries) {
    if (!name.startsWith(prefix) || !name.endsWith(TEMP_SUFFIX)) continue;
    const m = /^(\d+)\.[0-9a-f]{8}$/.exec(name.slice(prefix.length, -TEMP_SUFFIX.length));
    if (!m || isAlive(Number(m[1]))) continue;
    try {
      unlinkSync(join(dirname(target), name));
      removed++;
    } catch {
      // raced with another sweeper, or not ours to remove
    }
  }
  return removed;
}
