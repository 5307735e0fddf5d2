import { readFileSync } from "node:fs";
import { parseCollection } from "./src/read.ts";
const text = readFileSync("/work/shared/data/biored/Train.BioC.XML", "utf8");
const mb = Buffer.byteLength(text) / 1e6;
const times: number[] = [];
for (let i = 0; i < 12; i++) {
  const t = performance.now();
  parseCollection(text);
  times.push(performance.now() - t);
}
times.sort((a, b) => a - b);
console.log(
  `ours median ${((mb / times[6]!) * 1000).toFixed(1)} MB/s best ${((mb / times[0]!) * 1000).toFixed(1)}`,
);
