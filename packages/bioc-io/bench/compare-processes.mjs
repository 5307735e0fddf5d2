// A/B of two builds of this package on one file, one build per process:
// pairs of child processes (A then B, B then A, in turns), each running
// JSON.parse of the text and the eager read in turns for about SECS seconds
// (default 3, at least 9 rounds) as bench/run.ts does; prints each run's
// CPU-time ratio to JSON.parse (median of its rounds), the medians and the
// paired differences.
//
//   node bench/compare-processes.mjs <dist A>/index.js <dist B>/index.js file [pairs=7]
//
// Use it rather than compare-builds.mjs for a change in what the read
// allocates: in one process the garbage one build leaves moves where the
// other's young-generation collections fall (a build that made 3.6 MB of
// garbage per read pushed the other build's ratio up by 0.03-0.06).
// (Run it under `heavy` on a shared machine.)
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";

const median = (xs) => [...xs].sort((u, v) => u - v)[xs.length >> 1];

async function child(build, file) {
  const B = await import(resolve(build));
  const text = readFileSync(file, "utf8");
  const quiet = { onWarning: () => {} };
  const cpu = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1e3;
  };
  const fns = [() => JSON.parse(text), () => B.parseCollection(text, quiet)];
  const t0 = performance.now();
  for (const fn of fns) fn();
  const round = (performance.now() - t0) / 1000;
  const rounds = Math.min(301, Math.max(9, Math.ceil(Number(process.env.SECS ?? 3) / round)));
  const times = [[], []];
  for (let r = 0; r < rounds; r++)
    fns.forEach((fn, i) => {
      const c = cpu();
      fn();
      times[i].push(cpu() - c);
    });
  console.log(median(times[0]) / median(times[1]));
}

function run(build, file) {
  const out = execFileSync(process.execPath, [
    fileURLToPath(import.meta.url),
    "--child",
    build,
    file,
  ]);
  return Number(out.toString().trim());
}

if (process.argv[2] === "--child") await child(process.argv[3], process.argv[4]);
else {
  const [a, b, file, pairs = "7"] = process.argv.slice(2);
  const ra = [];
  const rb = [];
  for (let i = 0; i < Number(pairs); i++) {
    if (i % 2 === 0) {
      ra.push(run(a, file));
      rb.push(run(b, file));
    } else {
      rb.push(run(b, file));
      ra.push(run(a, file));
    }
  }
  const diffs = rb.map((x, i) => x - (ra[i] ?? 0));
  const list = (xs) => xs.map((x) => x.toFixed(3)).join(" ");
  console.log(`${file.split("/").pop()}, ${pairs} pairs, ratio to JSON.parse (CPU time)`);
  console.log(`A ${median(ra).toFixed(3)}  (${list(ra)})`);
  console.log(`B ${median(rb).toFixed(3)}  (${list(rb)})`);
  console.log(
    `B - A paired: median ${median(diffs) >= 0 ? "+" : ""}${median(diffs).toFixed(4)}, B ahead in ${diffs.filter((d) => d > 0).length}/${diffs.length}`,
  );
}
