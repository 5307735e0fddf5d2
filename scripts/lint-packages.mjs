#!/usr/bin/env node
// `pnpm lint:packages`: publint and arethetypeswrong on the packed tarball of
// every publishable package — what npm users will really get. Both run
// in-process (one TypeScript load for all packages) and offline: no @types
// lookups on the registry. Warnings of publint fail too (strict); its
// suggestions are printed but pass.
// Usage: node scripts/lint-packages.mjs [--no-build]
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { checkPackage, createPackageFromTarballData } from "@arethetypeswrong/core";
import { problemKindInfo } from "@arethetypeswrong/core/problems";
import { publint } from "publint";
import { formatMessage } from "publint/utils";
import { buildAll, packAll } from "./lib/packages.mjs";

/** publint on one tarball: { ok, output } — errors and warnings fail, suggestions are reported. */
async function runPublint(tarball) {
  const bytes = readFileSync(tarball);
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  const { messages, pkg } = await publint({
    pack: { tarball: buffer },
    level: "suggestion",
    strict: true,
  });
  const lines = messages.map((m) => `${m.type}: ${formatMessage(m, pkg) ?? m.code}`);
  return { ok: !messages.some((m) => m.type !== "suggestion"), output: lines.join("\n") };
}

/** arethetypeswrong (strict profile: node10, node16 CJS + ESM, bundler) on one tarball. */
async function runAttw(tarball) {
  const result = await checkPackage(
    createPackageFromTarballData(new Uint8Array(readFileSync(tarball))),
  );
  if (!result.types) return { ok: false, output: "the package ships no types" };
  const lines = result.problems.map((p) => {
    const where = [p.entrypoint, p.resolutionKind].filter(Boolean).join(" ");
    return `${problemKindInfo[p.kind]?.title ?? p.kind}${where ? ` (${where})` : ""}`;
  });
  return { ok: result.problems.length === 0, output: lines.join("\n") };
}

/** Lints packed tarballs; returns [{ name, tool, ok, output }], one per package per tool. */
export async function lintTarballs(packed) {
  const results = [];
  for (const p of packed) {
    for (const [tool, lint] of [
      ["publint", runPublint],
      ["attw", runAttw],
    ]) {
      try {
        results.push({ name: p.name, tool, ...(await lint(p.tarball)) });
      } catch (err) {
        results.push({ name: p.name, tool, ok: false, output: String(err?.stack ?? err) });
      }
    }
  }
  return results;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  if (!process.argv.includes("--no-build")) buildAll();
  const dest = mkdtempSync(join(tmpdir(), "biore-lint-"));
  try {
    const results = await lintTarballs(packAll(dest));
    for (const r of results) {
      console.log(`${r.ok ? "ok  " : "FAIL"}  ${r.tool.padEnd(8)} ${r.name}`);
      if (r.output) console.log(r.output.replace(/^/gm, "      "));
    }
    const failed = results.filter((r) => !r.ok).length;
    console.log(`lint:packages: ${results.length - failed} passed, ${failed} failed`);
    process.exitCode = failed ? 1 : 0;
  } finally {
    rmSync(dest, { recursive: true, force: true });
  }
}
