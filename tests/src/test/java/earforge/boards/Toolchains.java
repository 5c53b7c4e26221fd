package earforge.boards;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;

/**
 * Cross toolchains and QEMU for the board tests. A missing tool fails the test loudly, naming the package and
 * scripts/install-deps.sh (CI installs them with it). Only -Dearforge.allowMissingToolchains=true turns that into a
 * skip with the same message, for a developer machine without them.
 */
public final class Toolchains {
    private Toolchains() {}

    public static Path require(String exe) {
        Path p = Tools.find(exe);
        if (p != null) return p;
        String msg = exe + " is not installed: " + Tools.hint(exe) + "; run scripts/install-deps.sh";
        if (Boolean.getBoolean("earforge.allowMissingToolchains")) assumeTrue(false, "SKIPPED: " + msg);
        return fail(msg);
    }

    /** The compiler, size tool, make and QEMU a board needs. */
    public static void requireFor(earforge.toolchain.Board b) {
        require("make");
        require(b.toolchain());
        require(b.toolchain().replace("-gcc", "-size"));
        if (b.isVirtual()) require(b.qemu().binary());
    }
}
