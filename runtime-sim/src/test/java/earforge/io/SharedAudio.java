package earforge.io;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates ../shared beside the checkout from the runtime-sim module dir (or $EARFORGE_SHARED); skips when absent. */
public final class SharedAudio {
    private SharedAudio() {}

    public static Path dir() {
        String env = System.getenv("EARFORGE_SHARED");
        if (env != null) return Path.of(env);
        // surefire runs in the module dir: <repo>/runtime-sim -> <repo>/../shared
        return Path.of("").toAbsolutePath().getParent().resolve("../shared").normalize();
    }

    public static Path require(String relative) {
        Path p = dir().resolve(relative);
        assumeTrue(Files.isRegularFile(p), "SKIPPED: ../shared not found (" + p + " missing)");
        return p;
    }
}
