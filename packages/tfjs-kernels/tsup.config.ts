import { libraryBuild } from "../../internal/shared/tsup.library";

// shims: import.meta.url (to find onnxruntime-node) in the CommonJS build too
export default libraryBuild({ index: "src/index.ts" }, { shims: true });
