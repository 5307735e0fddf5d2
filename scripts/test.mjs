#!/usr/bin/env node
// Runs every package's tests through turbo, then prints one closing line
// `tests: N passed, N failed, N skipped` summed over all packages (vitest
// prints one summary per package). Exits non-zero if any package failed.
import { spawn } from "node:child_process";

const args = [
  "exec",
  "turbo",
  "run",
  "test",
  "--output-logs=full",
  "--log-order=grouped",
  ...process.argv.slice(2),
];
const child = spawn("pnpm", args, {
  stdio: ["ignore", "pipe", "inherit"],
  env: { ...process.env, FORCE_COLOR: "0" },
});
let text = "";
child.stdout.on("data", (chunk) => {
  process.stdout.write(chunk);
  text += chunk.toString();
});
child.on("close", (code) => {
  const totals = { passed: 0, failed: 0, skipped: 0 };
  // biome-ignore lint/suspicious/noControlCharactersInRegex: strips ANSI colour codes
  const plain = text.replace(/\u001b\[[0-9;]*m/g, "");
  for (const line of plain.split("\n")) {
    const m =
      /^\S*:?\s*Tests\s+(.*)\(\d+\)\s*$/.exec(line.trim()) ?? /Tests\s+(.*)\(\d+\)\s*$/.exec(line);
    if (!m) continue;
    for (const part of m[1].split("|")) {
      const n = /(\d+)\s+(passed|failed|skipped|todo)/.exec(part);
      if (n) totals[n[2] === "todo" ? "skipped" : n[2]] += Number(n[1]);
    }
  }
  const failed = code === 0 ? totals.failed : Math.max(totals.failed, 1);
  console.log(`tests: ${totals.passed} passed, ${failed} failed, ${totals.skipped} skipped`);
  process.exit(code ?? 1);
});
