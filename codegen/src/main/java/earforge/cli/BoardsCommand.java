package earforge.cli;

import earforge.toolchain.Board;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "boards", description = "Lists the boards (boards/*.yaml): kind, core, clock, flash and RAM, toolchain, flash tools.")
final class BoardsCommand implements Callable<Integer> {
    @Override public Integer call() {
        System.out.printf(Locale.ROOT, "%-17s %-6s %-11s %8s %9s %9s  %-24s %s%n", "board", "kind", "core", "MHz", "flash", "RAM",
            "toolchain", "flash tools / QEMU machine");
        for (String n : Board.names()) {
            Board b = Board.load(n);
            String tools = b.isVirtual() ? "qemu: " + b.qemu().machine() : String.join(", ", b.flashTools());
            System.out.printf(Locale.ROOT, "%-17s %-6s %-11s %8s %9s %9s  %-24s %s%n", b.name(), b.kind().name().toLowerCase(Locale.ROOT),
                b.core(), b.isHost() ? "-" : Long.toString(b.clockHz() / 1_000_000), b.isHost() ? "-" : kib(b.total("flash")),
                b.isHost() ? "-" : kib(b.total("ram")), b.toolchain(), b.isHost() ? "runs as a process" : tools);
        }
        return 0;
    }

    static String kib(long bytes) {
        return bytes % (1024 * 1024) == 0 ? bytes / (1024 * 1024) + " MB" : bytes / 1024 + " KB";
    }
}
