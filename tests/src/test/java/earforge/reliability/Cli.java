package earforge.reliability;

import earforge.testing.CliRun;
import earforge.testing.CliRun.Result;

/** Runs the CLI in-process with captured stdout and stderr. */
final class Cli {
    private Cli() {}

    static Result run(String... args) { return CliRun.run(args); }

    /** Exit code 2 and exactly one line "earforge: ..." on stderr; returns that line. */
    static String oneLineError(Result r) { return CliRun.oneLineError(r, ""); }
}
