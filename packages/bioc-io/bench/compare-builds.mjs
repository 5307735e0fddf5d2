// A/B of two builds of this package on the same files, in one process:
// JSON.parse of the text, the eager read of build A and of build B take turns
// for about SECS seconds (default 4, at least 15 rounds; A and B swap places
// every round) per file; prints each
// build's CPU-time ratio to JSON.parse (median of the rounds).
//
//   node bench/compare-builds.mjs <dist A>/index.js <dist B>/index.js file...
// (copy a build's dist/ under this package, e.g. node_modules/.ab/base, so
// that it finds saxes). Not for a change in what the read allocates: the
// two builds share one heap, so one build's garbage moves the other's
// young-generation collections; compare-processes.mjs runs one build a process.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";

const [a, b, ...files] = process.argv.slice(2);
const A = await import(resolve(a));
const B = await import(resolve(b));
const quiet = { onWarning: () => {} };
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e3;
};
const median = (xs) => [...xs].sort((u, v) => u - v)[xs.length >> 1];
for (const file of files) {
  const text = readFileSync(file, "utf8");
  const fns = [
    () => JSON.parse(text),
    () => A.parseCollection(text, quiet),
    () => B.parseCollection(text, quiet),
  ];
  const times = fns.map(() => []);
  const t0 = performance.now();
  for (const fn of fns) fn();
  const round = performance.now() - t0;
  const rounds = Math.max(15, Math.ceil((Number(process.env.SECS ?? 4) * 1000) / round));
  // A and B swap places every round: whichever runs second after JSON.parse
  // measured about 0.01x faster on an 8 MB file even when both were one build
  const orders = [
    [0, 1, 2],
    [0, 2, 1],
  ];
  for (let r = 0; r < rounds; r++)
    for (const i of orders[r % 2]) {
      const c = cpu();
      fns[i]();
      times[i].push(cpu() - c);
    }
  const [parse, ta, tb] = times.map(median);
  console.log(
    `${file.split("/").pop().padEnd(36)} ${String(rounds).padStart(4)} rounds  JSON.parse ${parse.toFixed(2)} ms  A ${(parse / ta).toFixed(3)}x  B ${(parse / tb).toFixed(3)}x`,
  );
}
