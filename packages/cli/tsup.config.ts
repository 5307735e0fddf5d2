import { libraryBuild } from "../../internal/shared/tsup.library";

export default libraryBuild(
  { index: "src/index.ts", bin: "src/bin.ts", "queue-processor": "src/queue/processor.ts" },
  { shims: true },
);
