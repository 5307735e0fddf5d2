import { type Dirent, readdirSync, rmSync, statSync, unlinkSync } from "node:fs";
import { hostname } from "node:os";
import { basename, dirname, join } from "node:path";

/**
 * One process-wide registry of temp files that are being written. They are
 * removed when the process exits (any way Node can still run code) and on
 * SIGINT/SIGTERM/SIGHUP; a SIGKILL leaves one behind, which the next atomic
 * write to the same target removes (its name carries the writer's host and pid).
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

/**
 * A temp file of another host is only removed once it has not changed for
 * this long: its pid means nothing here (a folder shared by several machines,
 * as queue workers use), and a live writer touches its file far more often.
 */
const FOREIGN_STALE_MS = 60 * 60 * 1000;

/** This host's name as it appears in temp file names (dots and odd characters become `-`). */
function hostTag(): string {
  return hostname().replace(/[^A-Za-z0-9-]/g, "-") || "host";
}

/** `.NAME.HOST.PID.RANDOM.tmp` beside the target, so rename stays on one file system. */
export function tempPathFor(target: string): string {
  const random = Math.floor(Math.random() * 0xffffffff)
    .toString(16)
    .padStart(8, "0");
  return join(dirname(target), `.${basename(target)}.${hostTag()}.${process.pid}.${random}.tmp`);
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

function isStale(path: string, host: string, pid: number): boolean {
  if (host === hostTag()) return !isAlive(pid);
  try {
    return Date.now() - statSync(path).mtimeMs > FOREIGN_STALE_MS;
  } catch {
    return false;
  }
}

/** `.NAME.HOST.PID.RANDOM.tmp` as {@link tempPathFor} makes it (the host has no dots). */
const TEMP_NAME = /^\.(.+)\.([A-Za-z0-9-]+)\.(\d+)\.[0-9a-f]{8}\.tmp$/;

/**
 * Names of the temp files in `folder` that atomic writes left and whose writers no longer run
 * (on this host, their pid is gone; from another host sharing the folder, untouched for an
 * hour), for the targets `isTarget` accepts (file names in `folder`; all when absent). A name is
 * taken only when it matches the writer's own pattern exactly and is a plain file: a user's file
 * never is.
 */
export function staleTempFiles(
  folder: string,
  isTarget: (target: string) => boolean = () => true,
): string[] {
  let entries: Dirent[];
  try {
    entries = readdirSync(folder, { withFileTypes: true });
  } catch {
    return [];
  }
  const stale: string[] = [];
  for (const entry of entries) {
    const m = TEMP_NAME.exec(entry.name);
    if (!m || !entry.isFile() || !isTarget(m[1] as string)) continue;
    if (isStale(join(folder, entry.name), m[2] as string, Number(m[3]))) stale.push(entry.name);
  }
  return stale;
}

/**
 * Removes temp files for `target` left by writers that no longer run (killed
 * with SIGKILL, power loss): on this host, those whose pid is gone; from
 * other hosts sharing the folder, those untouched for an hour.
 */
export function sweepStaleTempFiles(target: string): number {
  const folder = dirname(target);
  const name = basename(target);
  let removed = 0;
  for (const temp of staleTempFiles(folder, (t) => t === name)) {
    try {
      unlinkSync(join(folder, temp));
      removed++;
    } catch {
      // raced with another sweeper, or not ours to remove
    }
  }
  return removed;
}
