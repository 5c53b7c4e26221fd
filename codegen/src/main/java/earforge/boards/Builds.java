package earforge.boards;

import earforge.EarforgeException;
import earforge.toolchain.Board;
import earforge.toolchain.HostToolchain;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** `build DIR` for board projects: make for the gcc-based families, idf.py for ESP-IDF projects. */
public final class Builds {
    private Builds() {}

    /** Builds the project; returns the firmware image (ELF) path. {@code makeArgs} are extra make variables. */
    public static Path build(Path dir, Board b, List<String> makeArgs, long timeoutSeconds) {
        List<String> cmd = new ArrayList<>();
        Path image;
        if (b.kind() == Board.Kind.ESP32) {
            cmd.add(Tools.require("idf.py", "build ESP-IDF project " + dir).toString());
            cmd.add("build");
            image = dir.resolve("build").resolve("earforge_app.elf");
        } else {
            Tools.require(b.toolchain(), "build for " + b.name());
            cmd.add(Tools.require("make", "build " + dir).toString());
            cmd.addAll(makeArgs);
            image = dir.resolve("build").resolve("firmware.elf");
        }
        HostToolchain.Result r = HostToolchain.exec(cmd, dir, new byte[0], timeoutSeconds);
        if (r.exit() != 0) {
            String all = new String(r.stdout()) + r.stderrText();
            String first = all.lines().filter(l -> l.contains("error") || l.contains("Error")).findFirst()
                .orElse(all.lines().reduce((a, c) -> c).orElse("exit code " + r.exit()));
            throw EarforgeException.of("building %s for %s failed: %s", dir, b.name(), first.trim());
        }
        return image;
    }
}
