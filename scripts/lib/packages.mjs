// Helpers shared by the packaging scripts: find the publishable packages and
// pack them the way `pnpm publish` would (workspace:* rewritten to versions).
import { spawn, spawnSync } from "node:child_process";
import { readdirSync, readFileSync, existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = resolve(fileURLToPath(new URL("../..", import.meta.url)));

/** Every non-private package under packages/, as { name, version, dir }. */
export function publishablePackages() {
  const base = join(repoRoot, "packages");
  return readdirSync(base, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(base, d.name, "package.json")))
    .map((d) => {
      const dir = join(base, d.name);
      const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
      return { name: pkg.name, version: pkg.version, dir, pkg };
    })
    .filter((p) => !p.pkg.private)
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** Runs a command; throws with its output when it fails. Returns stdout. */
export function run(cmd, args, opts = {}) {
  const res = spawnSync(cmd, args, {
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
    ...opts,
    env: { ...process.env, FORCE_COLOR: "0", NO_COLOR: "1", ...opts.env },
  });
  if (res.error) throw new Error(`${cmd} ${args.join(" ")}: ${res.error.message}`);
  if (res.status !== 0) {
    const err = new Error(
      `${cmd} ${args.join(" ")} exited with ${res.status} in ${opts.cwd ?? process.cwd()}\n${res.stdout ?? ""}${res.stderr ?? ""}`,
    );
    err.stdout = res.stdout;
    err.stderr = res.stderr;
    throw err;
  }
  return res.stdout;
}

/** Like {@link run}, without blocking the event loop (so in-process work can overlap it). */
export function runAsync(cmd, args, opts = {}) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(cmd, args, {
      ...opts,
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, FORCE_COLOR: "0", NO_COLOR: "1", ...opts.env },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c) => {
      stdout += c;
    });
    child.stderr.on("data", (c) => {
      stderr += c;
    });
    child.on("error", (e) => reject(new Error(`${cmd} ${args.join(" ")}: ${e.message}`)));
    child.on("close", (code) => {
      if (code === 0) return resolvePromise(stdout);
      const err = new Error(
        `${cmd} ${args.join(" ")} exited with ${code} in ${opts.cwd ?? process.cwd()}\n${stdout}${stderr}`,
      );
      err.stdout = stdout;
      reject(err);
    });
  });
}

/** Builds every package through turbo (a cache hit when `pnpm test` just built). */
export function buildAll() {
  run(
    "pnpm",
    ["exec", "turbo", "run", "build", "--filter=./packages/*", "--output-logs=errors-only"],
    {
      cwd: repoRoot,
    },
  );
}

/** Packs every publishable package into `dest`; returns [{ name, version, dir, tarball }]. */
export function packAll(dest) {
  return publishablePackages().map((p) => {
    for (const f of ["dist/index.js", "dist/index.cjs", "dist/index.d.ts", "dist/index.d.cts"]) {
      if (!existsSync(join(p.dir, f))) {
        throw new Error(`${p.name}: ${f} is missing — run \`pnpm build\` first`);
      }
    }
    const out = run("pnpm", ["pack", "--json", "--pack-destination", dest], { cwd: p.dir });
    // pnpm prints lifecycle output before the JSON; the JSON object is the last `{...}` block.
    const json = JSON.parse(out.slice(out.indexOf("{")));
    const tarball = resolve(dest, json.filename.split(/[\\/]/).pop());
    if (!existsSync(tarball)) throw new Error(`${p.name}: pnpm pack did not write ${tarball}`);
    return { ...p, tarball, files: json.files?.map((f) => f.path) ?? [] };
  });
}
