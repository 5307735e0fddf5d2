#!/usr/bin/env node
// `pnpm lint:packages`: publint and @arethetypeswrong/cli on the packed
// tarball of every publishable package — what npm users will really get.
// Usage: node scripts/lint-packages.mjs [--no-build]
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { buildAll, packAll, repoRoot, run } from "./lib/packages.mjs";

/**
 * Lints packed tarballs; returns [{ name, tool, ok, output }] (one per package per tool).
 * `--level warning`: publint suggestions are printed but do not fail.
 */
export function lintTarballs(packed) {
  const results = [];
  for (const p of packed) {
    for (const [tool, args] of [
      ["publint", ["exec", "publint", "run", p.tarball, "--strict", "--level", "warning"]],
      // --no-definitely-typed: no registry lookups for @types; the profile
      // checks node10, node16 (CJS + ESM) and bundler resolution.
      [
        "attw",
        [
          "exec",
          "attw",
          p.tarball,
          "--no-definitely-typed",
          "--format",
          "ascii",
          "--no-emoji",
          "--no-color",
        ],
      ],
    ]) {
      try {
        const output = run(join(repoRoot, "node_modules/.bin", args[1]), args.slice(2), {
          cwd: repoRoot,
        });
        results.push({ name: p.name, tool, ok: true, output });
      } catch (err) {
        results.push({ name: p.name, tool, ok: false, output: String(err.message) });
      }
    }
  }
  return results;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  if (!process.argv.includes("--no-build")) buildAll();
  const dest = mkdtempSync(join(tmpdir(), "biore-lint-"));
  try {
    const results = lintTarballs(packAll(dest));
    for (const r of results) {
      console.log(`${r.ok ? "ok" : "FAIL"}  ${r.tool.padEnd(8)} ${r.name}`);
      if (!r.ok) console.log(r.output.replace(/^/gm, "    "));
    }
    const failed = results.filter((r) => !r.ok).length;
    console.log(`lint:packages: ${results.length - failed} passed, ${failed} failed`);
    process.exitCode = failed ? 1 : 0;
  } finally {
    rmSync(dest, { recursive: true, force: true });
  }
}
