import { libraryBuild } from "../../internal/shared/tsup.library";

// Three entries for three audiences; code splitting keeps one copy of the shared model
// code (one RelationModel class) behind all of them.
export default libraryBuild(
  {
    index: "src/index.ts",
    pretraining: "src/pretraining/index.ts",
    bert: "src/encoders/bert/index.ts",
  },
  { splitting: true },
);
