// Real leftovers of bioc-io's atomic writer for the model-folder tests: a child process opens an
// atomic write to a target (so the temp file carries the writer's exact name, host and pid),
// writes part of it and waits; SIGKILL then leaves the temp file as a killed save would.
import { type ChildProcess, spawn } from "node:child_process";
import { readdirSync } from "node:fs";
import { basename, dirname, join } from "node:path";

const PACKAGE_ROOT = join(import.meta.dirname, "..", "..");
const WRITER = `
import { createAtomicWriteStream } from "@biore/bioc-io";
const out = createAtomicWriteStream(process.argv[1]);
out.stream.write("half of a file", () => process.stdout.write("ready\\n"));
setInterval(() => {}, 1000);
`;

const tempsOf = (target: string) =>
  readdirSync(dirname(target)).filter(
    (name) => name.startsWith(`.${basename(target)}.`) && name.endsWith(".tmp"),
  );

/** A writer to `target` that is still running: its temp file's name, and how to kill it. */
export async function liveWrite(
  target: string,
): Promise<{ temp: string; kill: () => Promise<void> }> {
  const before = new Set(tempsOf(target));
  const child = spawn(process.execPath, ["--input-type=module", "-e", WRITER, target], {
    cwd: PACKAGE_ROOT,
    stdio: ["ignore", "pipe", "inherit"],
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  await new Promise<void>((resolve, reject) => {
    child.stdout?.once("data", () => resolve());
    child.once("exit", (code) => reject(new Error(`the writer exited (${code}) before writing`)));
  });
  const temp = tempsOf(target).find((name) => !before.has(name));
  if (!temp) throw new Error(`the writer to ${target} left no temp file`);
  return { temp, kill: () => killed(child, exited) };
}

async function killed(child: ChildProcess, exited: Promise<void>): Promise<void> {
  child.kill("SIGKILL");
  await exited;
}

/** The temp file a writer to `target` leaves when SIGKILL stops it part-way (its name). */
export async function killedWrite(target: string): Promise<string> {
  const writer = await liveWrite(target);
  await writer.kill();
  return writer.temp;
}
