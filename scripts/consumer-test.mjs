#!/usr/bin/env node
// `pnpm consumer-test`: proves the @biore packages work as npm packages, from
// the outside. Packs every package, installs the tarballs with plain npm into
// a throwaway project in os.tmpdir() (plus @tensorflow/tfjs from the
// registry), then runs the ESM and CommonJS scenarios, type-checks a
// TypeScript consumer under moduleResolution node16 and bundler, checks the
// dependency tree (one tfjs-core, peers satisfied), lints the tarballs
// (publint + attw) and runs the examples/.
//
// Prints one line per check and closes with
// `consumer-test: N passed, N failed, N skipped` (scripts/test.mjs adds it to
// the test totals). Options: --keep (leave the temp project), --no-build,
// --no-lint, --no-examples. SKIP_CONSUMER_TEST=1 skips everything (1 skipped).
//
// Network: only the npm registry. @biore/cli's optional native backends
// (@tensorflow/tfjs-node, -gpu) download libtensorflow in an install script,
// so the install uses --omit=optional and the CLI falls back to the cpu backend.
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildAll, packAll, repoRoot, run, runAsync } from "./lib/packages.mjs";
import { lintTarballs } from "./lint-packages.mjs";

const TFJS_VERSION = "4.22.0";
const TYPESCRIPT_VERSION = "5.9.3";
const TYPES_NODE_VERSION = "20.19.8";

const argv = new Set(process.argv.slice(2));
const counts = { passed: 0, failed: 0, skipped: 0 };
const t0 = Date.now();

function report(ok, name, detail = "") {
  counts[ok === null ? "skipped" : ok ? "passed" : "failed"] += 1;
  const tag = ok === null ? "skip" : ok ? "ok  " : "FAIL";
  console.log(`${tag}  ${name}`);
  if (detail) console.log(String(detail).trimEnd().replace(/^/gm, "      "));
}

/** Runs one named check; a thrown error fails it with its message. */
function check(name, fn) {
  try {
    const detail = fn();
    report(true, name, detail);
    return true;
  } catch (err) {
    report(false, name, err?.message ?? err);
    return false;
  }
}

function phase(label) {
  console.log(`-- ${label} (${((Date.now() - t0) / 1000).toFixed(1)}s)`);
}

function finish() {
  console.log(
    `consumer-test done in ${((Date.now() - t0) / 1000).toFixed(1)}s\n` +
      `consumer-test: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`,
  );
  process.exitCode = counts.failed ? 1 : 0;
}

/** Locates BioRED the way the tests do: BIORED_DIR, BIORE_DATA_DIR/biored, ../shared/data/biored. */
function bioredDir() {
  const candidates = [
    process.env.BIORED_DIR,
    process.env.BIORE_DATA_DIR && join(process.env.BIORE_DATA_DIR, "biored"),
    join(repoRoot, "..", "shared", "data", "biored"),
  ].filter(Boolean);
  return candidates.find((d) => existsSync(join(d, "Dev.BioC.JSON")));
}

/** Every installed copy of a package under node_modules (walks nested node_modules). */
function installedCopies(root, name) {
  const found = [];
  const walk = (nm) => {
    if (!existsSync(nm)) return;
    if (existsSync(join(nm, name, "package.json"))) found.push(join(nm, name));
    for (const entry of readdirSync(nm, { withFileTypes: true })) {
      if (!entry.isDirectory() || entry.name === ".bin") continue;
      if (entry.name.startsWith("@")) {
        for (const sub of readdirSync(join(nm, entry.name), { withFileTypes: true })) {
          if (sub.isDirectory()) walk(join(nm, entry.name, sub.name, "node_modules"));
        }
      } else {
        walk(join(nm, entry.name, "node_modules"));
      }
    }
  };
  walk(join(root, "node_modules"));
  return found;
}

async function main() {
  // biome-ignore lint/suspicious/noUndeclaredEnvVars: read by this script, not by a turbo task
  if (process.env.SKIP_CONSUMER_TEST === "1") {
    report(null, "consumer test (SKIP_CONSUMER_TEST=1)");
    return finish();
  }
  const work = mkdtempSync(join(tmpdir(), "biore-consumer-"));
  const project = join(work, "project");
  try {
    if (!argv.has("--no-build")) {
      phase("build");
      buildAll();
    }
    phase("pack");
    const tarballs = join(work, "tarballs");
    mkdirSync(tarballs);
    const packed = packAll(tarballs);
    check("pack: no source or test files in the tarballs", () => {
      const bad = packed.flatMap((p) =>
        p.files
          .filter(
            (f) =>
              !/^(dist\/|package\.json$|README\.md$|CHANGELOG\.md$|LICENSE)/.test(f) ||
              /\.test\./.test(f),
          )
          .map((f) => `${p.name}: ${f}`),
      );
      if (bad.length) throw new Error(`unexpected files:\n${bad.join("\n")}`);
    });

    // The consumer project: the tarballs, tfjs, and the TypeScript toolchain.
    phase("npm install (tarballs + @tensorflow/tfjs from the registry)");
    mkdirSync(project);
    const dependencies = Object.fromEntries(packed.map((p) => [p.name, `file:${p.tarball}`]));
    dependencies["@tensorflow/tfjs"] = TFJS_VERSION;
    writeFileSync(
      join(project, "package.json"),
      JSON.stringify(
        {
          name: "biore-consumer",
          version: "0.0.0",
          private: true,
          type: "module",
          dependencies,
          devDependencies: { typescript: TYPESCRIPT_VERSION, "@types/node": TYPES_NODE_VERSION },
        },
        null,
        2,
      ),
    );
    cpSync(join(repoRoot, "consumer-test"), project, {
      recursive: true,
      filter: (src) => !src.endsWith("README.md"),
    });
    // npm install mostly waits on the network and the disk: lint the tarballs meanwhile.
    const started = Date.now();
    // No --legacy-peer-deps / --force: a peer conflict fails the install (ERESOLVE).
    const install = runAsync(
      "npm",
      [
        "install",
        "--omit=optional",
        "--prefer-offline",
        "--no-audit",
        "--no-fund",
        "--loglevel=error",
      ],
      { cwd: project },
    ).then(
      () => null,
      (err) => err,
    );
    if (!argv.has("--no-lint")) {
      phase("publint + attw on the tarballs (while npm installs)");
      for (const r of await lintTarballs(packed))
        report(r.ok, `${r.tool} ${r.name}`, r.ok ? "" : r.output);
    }
    const installError = await install;
    report(
      !installError,
      "npm install of the tarballs + tfjs, default (strict) peer resolution",
      installError
        ? installError.message
        : `installed in ${((Date.now() - started) / 1000).toFixed(1)}s`,
    );
    if (installError) return finish();

    phase("dependency tree");
    check("exactly one @tensorflow/tfjs-core in the consumer's node_modules", () => {
      const copies = installedCopies(project, "@tensorflow/tfjs-core");
      if (copies.length !== 1) throw new Error(`found ${copies.length}:\n${copies.join("\n")}`);
      const parseable = run("npm", ["ls", "@tensorflow/tfjs-core", "--all", "--parseable"], {
        cwd: project,
      });
      const paths = new Set(parseable.split("\n").filter(Boolean));
      if (paths.size !== 1)
        throw new Error(`npm ls reports ${paths.size} paths:\n${[...paths].join("\n")}`);
    });
    check("npm ls --all: every dependency and peer satisfied", () => {
      run("npm", ["ls", "--all", "--omit=optional"], { cwd: project });
    });

    phase("runtime scenarios, with the TypeScript consumers type-checking alongside");
    writeReadmeQuickStarts(packed, join(project, "ts", "readme"));
    const tsc = join(project, "node_modules", "typescript", "bin", "tsc");
    const tscRuns = ["tsconfig.node16.json", "tsconfig.bundler.json"].map((config) => [
      config,
      runAsync(process.execPath, [tsc, "-p", config, "--pretty", "false"], { cwd: project }).catch(
        (err) => err.stdout || err.message,
      ),
    ]);
    for (const [name, file] of [
      ["ESM scenario (import)", "esm.mjs"],
      ["CommonJS scenario (require)", "cjs.cjs"],
    ]) {
      check(name, () => {
        const out = run(process.execPath, [file], { cwd: project });
        // Show the scenario's own check lines so a failure is easy to place.
        console.log(out.trimEnd().replace(/^/gm, "      "));
      });
    }
    check("biore bin runs (`biore info` falls back to the cpu backend)", () => {
      const out = run(join(project, "node_modules", ".bin", "biore"), ["info"], { cwd: project });
      if (!/cpu/.test(out)) throw new Error(`unexpected \`biore info\` output:\n${out}`);
    });
    for (const [config, output] of tscRuns) {
      const text = await output;
      check(`tsc -p ${config} against the published .d.ts`, () => typecheckVerdict(text));
    }

    if (!argv.has("--no-examples")) runExamples(project);
  } catch (err) {
    report(false, "consumer test aborted", err?.stack ?? err);
  } finally {
    if (argv.has("--keep")) console.log(`kept ${work}`);
    else rmSync(work, { recursive: true, force: true });
  }
  finish();
}

/**
 * Each package README's first ```ts block (its quick start) becomes
 * ts/readme/<package>.ts, which tsconfig.node16.json type-checks with the
 * consumer: a README example that no longer compiles fails the test.
 */
function writeReadmeQuickStarts(packed, dir) {
  mkdirSync(dir, { recursive: true });
  for (const p of packed) {
    const readme = join(p.dir, "README.md");
    if (!existsSync(readme)) continue;
    const block = /^```ts\n([\s\S]*?)^```$/m.exec(readFileSync(readme, "utf8"));
    if (!block) continue;
    const name = p.name.replace(/^@biore\//, "");
    // `export {}` makes the snippet a module, so top-level await type-checks.
    writeFileSync(
      join(dir, `${name}.ts`),
      `// packages/${name}/README.md, first ts block\nexport {};\n${block[1]}`,
    );
  }
}

/**
 * Judges tsc's output (run with skipLibCheck off, so the published .d.ts are
 * checked too). Errors inside third-party declarations (tfjs 4.22's own .d.ts
 * do not compile under TypeScript 5.9 without skipLibCheck) are counted, not
 * failed: only errors in the consumer files or in node_modules/@biore fail.
 */
function typecheckVerdict(output) {
  const errors = [];
  for (const line of output.split("\n")) {
    if (/^\S.*\(\d+,\d+\): error TS\d+/.test(line)) errors.push([line]);
    else if (line.trim() && errors.length) errors.at(-1).push(line);
  }
  const ours = errors.filter(
    ([head]) => !head.startsWith("node_modules/") || head.startsWith("node_modules/@biore/"),
  );
  if (ours.length) throw new Error(ours.map((e) => e.join("\n")).join("\n"));
  if (!errors.length && /error/i.test(output)) throw new Error(output);
  return errors.length ? `${errors.length} errors in third-party .d.ts ignored` : "";
}

/** Runs examples/ inside the consumer project, so they use the installed tarballs. */
function runExamples(project) {
  phase("examples");
  const biored = bioredDir();
  const target = join(project, "examples");
  cpSync(join(repoRoot, "examples"), target, {
    recursive: true,
    filter: (src) => !src.includes("node_modules"),
  });
  const out = join(project, "example-out");
  mkdirSync(out);
  const env = biored ? { BIORED_DIR: biored } : {};
  const example = (dir, args = []) =>
    run(process.execPath, [join(target, dir, "index.mjs"), ...args], { cwd: project, env });
  const withData = (name, fn) => {
    if (biored) return check(name, fn);
    const why = "BioRED not found (set BIORED_DIR or put it in ../shared/data/biored)";
    if (process.env.REQUIRE_DATA === "1") return report(false, name, why);
    return report(null, `${name} — ${why}`);
  };

  check("example hnm-in-a-tfjs-loop: the mined SupCon loss goes down", () => {
    const text = example("hnm-in-a-tfjs-loop");
    const m = /loss on mined hard triplets: ([\d.]+) -> ([\d.]+)/.exec(text);
    if (!m) throw new Error(`no loss line in:\n${text}`);
    if (!(Number(m[2]) < Number(m[1]))) throw new Error(`loss did not decrease: ${m[0]}`);
    return m[0];
  });
  const predictions = join(out, "predictions.json");
  const predicted = withData(
    "example predict-bioc: BioC XML in, tiny model trained + saved + loaded, BioC JSON out",
    () => {
      const text = example("predict-bioc", [
        "--docs",
        "5",
        "--out",
        predictions,
        "--save-model",
        join(out, "model"),
      ]);
      if (!existsSync(join(out, "model", "model.json")))
        throw new Error(`no saved model:\n${text}`);
      const written = JSON.parse(readFileSync(predictions, "utf8"));
      if (written.documents?.length !== 5)
        throw new Error(`expected 5 documents in ${predictions}`);
      for (const doc of written.documents) {
        for (const r of doc.relations) {
          const { entity1, entity2, type, novel } = r.infons;
          if (!entity1 || !entity2 || !type || !["Novel", "No"].includes(novel)) {
            throw new Error(
              `document ${doc.id}: malformed predicted relation ${JSON.stringify(r)}`,
            );
          }
        }
      }
      return text.trim().split("\n").at(-1);
    },
  );
  if (predicted) {
    check("example evaluate-predictions: scores predict-bioc's output against gold", () => {
      const json = join(out, "scores.json");
      const text = example("evaluate-predictions", [
        "--pred",
        predictions,
        "--json",
        json,
        "--iterations",
        "200",
      ]);
      const { scores, confidenceIntervals } = JSON.parse(readFileSync(json, "utf8"));
      if (scores.documents !== 5)
        throw new Error(`scored ${scores.documents} documents, expected 5`);
      for (const level of ["pair", "pairType", "pairNovelty", "all"]) {
        const { f1 } = scores[level];
        const ci = confidenceIntervals[level];
        if (!(f1 >= 0 && f1 <= 1) || !(ci.lower <= f1 + 1e-9 && f1 <= ci.upper + 1e-9)) {
          throw new Error(`${level}: F1 ${f1} outside [0, 1] or its CI [${ci.lower}, ${ci.upper}]`);
        }
      }
      return text
        .trim()
        .split("\n")
        .find((l) => l.startsWith("pair "));
    });
  }
  withData("example evaluate-predictions: gold scored against itself is F1 = 100%", () => {
    const json = join(out, "gold-vs-gold.json");
    example("evaluate-predictions", [
      "--pred",
      join(biored, "Dev.BioC.JSON"),
      "--json",
      json,
      "--iterations",
      "200",
    ]);
    const { scores } = JSON.parse(readFileSync(json, "utf8"));
    for (const level of ["pair", "pairType", "pairNovelty", "all"]) {
      if (scores[level].f1 !== 1) throw new Error(`${level} F1 = ${scores[level].f1}`);
    }
  });
}

await main();
