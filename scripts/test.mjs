#!/usr/bin/env node
// Runs every package's tests through turbo, then the consumer test
// (scripts/consumer-test.mjs: packed tarballs installed with npm outside the
// workspace, ESM/CJS/TypeScript consumers, publint + attw, examples/), then
// prints one closing line `tests: N passed, N failed, N skipped` summed over
// all packages (vitest prints one summary per package) and the consumer
// test's checks. Exits non-zero if anything failed.
// The consumer test runs only for a full run (no turbo arguments such as
// --filter) and can be turned off with SKIP_CONSUMER_TEST=1.
import { spawn } from "node:child_process";

const extraArgs = process.argv.slice(2);
const totals = { passed: 0, failed: 0, skipped: 0 };

/** Runs a command, echoing its stdout, and resolves to { code, text } (colour codes stripped). */
function runEchoed(cmd, args) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, {
      stdio: ["ignore", "pipe", "inherit"],
      env: { ...process.env, FORCE_COLOR: "0" },
    });
    let text = "";
    child.stdout.on("data", (chunk) => {
      process.stdout.write(chunk);
      text += chunk.toString();
    });
    child.on("close", (code) => {
      // biome-ignore lint/suspicious/noControlCharactersInRegex: strips ANSI colour codes
      resolve({ code: code ?? 1, text: text.replace(/\u001b\[[0-9;]*m/g, "") });
    });
  });
}

const turbo = await runEchoed("pnpm", [
  "exec",
  "turbo",
  "run",
  "test",
  "--output-logs=full",
  "--log-order=grouped",
  ...extraArgs,
]);
const vitestTotals = { passed: 0, failed: 0, skipped: 0 };
for (const line of turbo.text.split("\n")) {
  const m =
    /^\S*:?\s*Tests\s+(.*)\(\d+\)\s*$/.exec(line.trim()) ?? /Tests\s+(.*)\(\d+\)\s*$/.exec(line);
  if (!m) continue;
  for (const part of m[1].split("|")) {
    const n = /(\d+)\s+(passed|failed|skipped|todo)/.exec(part);
    if (n) vitestTotals[n[2] === "todo" ? "skipped" : n[2]] += Number(n[1]);
  }
}
// A failing turbo run counts at least one failure even when no vitest summary said so.
if (turbo.code !== 0) vitestTotals.failed = Math.max(vitestTotals.failed, 1);
for (const k of Object.keys(totals)) totals[k] += vitestTotals[k];

let consumerCode = 0;
if (extraArgs.length === 0) {
  const consumer = await runEchoed(process.execPath, ["scripts/consumer-test.mjs"]);
  consumerCode = consumer.code;
  const m = /^consumer-test: (\d+) passed, (\d+) failed, (\d+) skipped$/m.exec(consumer.text);
  if (m) {
    totals.passed += Number(m[1]);
    totals.failed += Number(m[2]);
    totals.skipped += Number(m[3]);
  }
  // A crash before the summary line still counts as a failure.
  if (consumer.code !== 0 && (!m || Number(m[2]) === 0)) totals.failed += 1;
}

console.log(`tests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(turbo.code !== 0 ? turbo.code : consumerCode);
