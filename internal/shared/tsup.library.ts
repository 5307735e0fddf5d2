import { type Options, defineConfig } from "tsup";

/** The private package every @biore bundle inlines (see ./README.md). */
const INTERNAL = /^@biore\/internal$/;

/**
 * The build every published @biore package shares: ESM + CJS + .d.ts for
 * node20, one file per entry, with @biore/internal inlined into the code and
 * the types (so no published package.json needs it) and `@internal` members
 * stripped from the .d.ts.
 */
export function libraryBuild(entry: Record<string, string>, extra: Options = {}) {
  return defineConfig({
    entry,
    format: ["esm", "cjs"],
    dts: { resolve: [INTERNAL], compilerOptions: { stripInternal: true } },
    sourcemap: true,
    clean: true,
    target: "node20",
    splitting: false,
    noExternal: [INTERNAL],
    ...extra,
  });
}
