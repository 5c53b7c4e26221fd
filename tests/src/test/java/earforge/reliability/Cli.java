package earforge.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import earforge.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;

/** Runs the CLI in-process with captured stdout and stderr. */
final class Cli {
    private Cli() {}

    record Result(int code, String out, String err) {}

    static Result run(String... args) {
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

    /** Exit code 2 and exactly one line "earforge: ..." on stderr; returns that line. */
    static String oneLineError(Result r) {
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.err().strip().lines().count()).as(r.err()).isEqualTo(1);
        assertThat(r.err()).startsWith("earforge: ").doesNotContain("\tat ").doesNotContain("internal error");
        return r.err().strip();
    }
}
