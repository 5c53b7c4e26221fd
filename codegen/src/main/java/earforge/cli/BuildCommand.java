package earforge.cli;

import earforge.emit.Manifest;
import earforge.toolchain.Board;
import earforge.toolchain.HostToolchain;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "build", description = "Compiles a generated directory with its board's toolchain (host: gcc -std=c99 -Wall -Wextra -Werror -O2; "
    + "STM32 and QEMU boards: make with the cross gcc; ESP32: idf.py build).")
final class BuildCommand implements Callable<Integer> {
    /** Name of the executable under DIR/build/. */
    static final String EXE = "model";

    @Parameters(index = "0", paramLabel = "DIR", description = "directory written by generate") Path dir;
    @Option(names = "--cflag", description = "extra compiler flag (repeatable), e.g. --cflag=-fsanitize=address")
    List<String> extra = List.of();

    @Override public Integer call() {
        Manifest m = Manifest.read(dir);
        Board b = Board.load(m.board());
        Path exe = b.isHost() ? HostToolchain.build(dir, b, extra, EXE)
            : earforge.boards.Builds.build(dir, b, extra.stream().map(f -> "EXTRA_CFLAGS+=" + f).toList(), 1800);
        System.out.printf("built %s%n", exe);
        return 0;
    }
}
