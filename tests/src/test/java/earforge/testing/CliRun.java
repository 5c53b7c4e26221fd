package earforge.testing;

import static org.assertj.core.api.Assertions.assertThat;

import earforge.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;

/** Runs the CLI in-process with captured stdout and stderr (what a user sees, and the exit code). */
public final class CliRun {
    private CliRun() {}

    public record Result(int code, String out, String err) {}

    public static Result run(String... args) {
        PrintStream oldOut = System.out, oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true));
        System.setErr(new PrintStream(err, true));
        try {
            return new Result(Main.execute(args), out.toString(), err.toString());
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    /** Exit code 2 and exactly one line "earforge: ..." on stderr containing {@code contains}; returns that line. */
    public static String oneLineError(Result r, String contains) {
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.err().strip().lines().count()).as(r.err()).isEqualTo(1);
        assertThat(r.err()).startsWith("earforge: ").contains(contains).doesNotContain("\tat ").doesNotContain("internal error");
        return r.err().strip();
    }
}
