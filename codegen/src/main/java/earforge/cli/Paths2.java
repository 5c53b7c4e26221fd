package earforge.cli;

import java.nio.file.Path;

/** Where the checkout and ../shared are (the launcher passes -Dearforge.root). */
final class Paths2 {
    private Paths2() {}

    static Path root() { return Path.of(System.getProperty("earforge.root", ".")).toAbsolutePath().normalize(); }

    static Path shared() {
        String env = System.getenv("EARFORGE_SHARED");
        return env != null ? Path.of(env) : root().resolve("../shared").normalize();
    }
}
