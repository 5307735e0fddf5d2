import { libraryBuild } from "../../internal/shared/tsup.library";

export default libraryBuild({ index: "src/index.ts" });
