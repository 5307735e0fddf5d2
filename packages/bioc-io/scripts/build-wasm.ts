// Compiles src/json/key-count.wat with wabt (a pinned devDependency) and
// writes its bytes, base64, to src/json/key-count-wasm.ts, so that the
// package ships the module and nothing is compiled or downloaded at run time.
//
//   pnpm --filter @biore/bioc-io build:wasm
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import wabtInit from "wabt";

const source = fileURLToPath(new URL("../src/json/key-count.wat", import.meta.url));
const target = fileURLToPath(new URL("../src/json/key-count-wasm.ts", import.meta.url));

/** The module's bytes, compiled from the WAT text. */
export async function compileKeyCountWat(): Promise<Buffer> {
  const wabt = await wabtInit();
  const module = wabt.parseWat("key-count.wat", readFileSync(source, "utf8"), { simd: true });
  try {
    module.validate();
    return Buffer.from(module.toBinary({}).buffer);
  } finally {
    module.destroy();
  }
}

/** The TypeScript module holding `bytes`. */
export function keyCountModuleSource(bytes: Buffer): string {
  return `// Generated from key-count.wat by scripts/build-wasm.mjs; do not edit.
/** The compiled key-count.wat (${bytes.length} bytes), base64. */
export const KEY_COUNT_WASM =
  "${bytes.toString("base64")}";
`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const bytes = await compileKeyCountWat();
  writeFileSync(target, keyCountModuleSource(bytes));
  console.log(`${target}: ${bytes.length} bytes`);
}
