import { Command, CommanderError, Option } from "commander";
import { BACKEND_CHOICES } from "./backend.js";
import { registerCompare } from "./commands/compare.js";
import { registerConvert } from "./commands/convert.js";
import { registerEvaluate } from "./commands/evaluate.js";
import { registerInfo } from "./commands/info.js";
import { registerPredict } from "./commands/predict.js";
import { registerQueue } from "./commands/queue.js";
import { registerStats } from "./commands/stats.js";
import { registerTrain } from "./commands/train.js";
import { libraryErrorToUserError } from "./errors/library-errors.js";
import { type Output, processOutput } from "./output.js";
import { Interrupted } from "./signals/interrupt.js";
import { USER_ERROR } from "./user-error.js";

/** Builds the `biore` command tree. Each command lives in its own file under commands/. */
export function createProgram(output: Output = processOutput): Command {
  const program = new Command("biore")
    .description("Biomedical relation extraction with hard negative mining on TensorFlow.js")
    .addOption(
      new Option("--backend <name>", "tfjs backend").choices([...BACKEND_CHOICES]).default("auto"),
    )
    .option("--verbose", "print stack traces of errors")
    // One line of error (commander's) and one hint, not the whole help text.
    .showHelpAfterError("hint: see `biore --help`, or `biore <command> --help`")
    .exitOverride()
    .configureOutput({
      writeOut: (s) => output.out(s.replace(/\n$/, "")),
      writeErr: (s) => output.err(s.replace(/\n$/, "")),
    });
  registerInfo(program, output);
  registerTrain(program, output);
  registerEvaluate(program, output);
  registerPredict(program, output);
  registerQueue(program, output);
  registerCompare(program, output);
  registerConvert(program, output);
  registerStats(program, output);
  return program;
}

/** Runs the CLI and returns the exit code; user mistakes print one line and a hint. */
export async function run(
  argv: readonly string[],
  output: Output = processOutput,
): Promise<number> {
  const program = createProgram(output);
  try {
    await program.parseAsync([...argv], { from: "user" });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // commander has already printed its message (and help where useful).
      return error.exitCode;
    }
    if (error instanceof Interrupted) return 130;
    const verbose = argv.includes("--verbose");
    const userError = libraryErrorToUserError(error);
    if (userError) {
      const code = userError.code === USER_ERROR ? "" : ` [${userError.code}]`;
      output.err(`error: ${userError.message}${code}`);
      if (userError.hint) output.err(`hint: ${userError.hint}`);
    } else {
      output.err(`error: ${(error as Error)?.message ?? String(error)}`);
      if (!verbose) output.err("hint: run again with --verbose for the stack trace");
    }
    if (verbose && error instanceof Error && error.stack) output.err(error.stack);
    return 1;
  }
}
