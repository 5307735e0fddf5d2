import { libraryBuild } from "../../internal/shared/tsup.library";

// Five entries for five audiences; code splitting keeps one copy of the shared model
// code (one RelationModel class) behind all of them.
export default libraryBuild(
  {
    index: "src/index.ts",
    pretraining: "src/pretraining/index.ts",
    bert: "src/encoders/bert/index.ts",
    experiment: "src/experiment/index.ts",
    typer: "src/typer/index.ts",
  },
  { splitting: true },
);
