package earforge.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates ../shared (read-only fixtures beside the checkout). Tests that need it skip with a clear message. */
public final class Shared {
    private Shared() {}

    public static Path root() {
        String r = System.getProperty("earforge.root", "..");
        return Path.of(r).toAbsolutePath().normalize();
    }

    public static Path dir() {
        String env = System.getenv("EARFORGE_SHARED");
        return env != null ? Path.of(env) : root().resolve("../shared").normalize();
    }

    /** A file under ../shared; skips the calling test (with the reason) when it is not there. */
    public static Path require(String relative) {
        Path p = dir().resolve(relative);
        assumeTrue(Files.isRegularFile(p), "SKIPPED: shared fixture " + p + " not found (no ../shared beside the checkout)");
        return p;
    }

    public static boolean available() { return Files.isDirectory(dir().resolve("models")); }
}
