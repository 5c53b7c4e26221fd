package earforge.boards;

import earforge.EarforgeException;
import earforge.toolchain.Board;
import earforge.toolchain.HostToolchain;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a virtual board's firmware in QEMU: semihosting on (host files and exit codes), -icount shift=0,sleep=off
 * (deterministic virtual time, so the probe counter counts instructions), the UART on stdout or discarded.
 */
public final class Qemu {
    private Qemu() {}

    public static final String ELF = "build/firmware.elf";

    /** The QEMU command line. {@code args} become the firmware's semihosting argv (no spaces or commas in them). */
    public static List<String> command(Board b, Path elf, List<String> args, boolean uartOnStdout) {
        if (!b.isVirtual()) throw EarforgeException.of("board %s is not a virtual board (QEMU runs qemu-* boards)", b.name());
        List<String> cmd = new ArrayList<>();
        cmd.add(Tools.require(b.qemu().binary(), "run virtual board " + b.name()).toString());
        cmd.addAll(List.of("-M", b.qemu().machine()));
        if (b.qemu().binary().endsWith("riscv32")) cmd.addAll(List.of("-bios", "none"));
        cmd.addAll(List.of("-nographic", "-monitor", "none", "-serial", uartOnStdout ? "stdio" : "null",
            "-icount", "shift=0,sleep=off"));
        StringBuilder sh = new StringBuilder("enable=on,target=native");
        if (!args.isEmpty()) sh.append(",arg=firmware");
        for (String a : args) {
            if (!a.matches("[A-Za-z0-9._/-]+")) throw EarforgeException.of("semihosting argument '%s' has characters QEMU cannot pass", a);
            sh.append(",arg=").append(a);
        }
        cmd.addAll(List.of("-semihosting-config", sh.toString(), "-kernel", elf.toAbsolutePath().toString()));
        return cmd;
    }

    /** Runs the firmware with {@code cwd} as the semihosting file root; fails after {@code timeoutSeconds}. */
    public static HostToolchain.Result run(Board b, Path elf, List<String> args, Path cwd, long timeoutSeconds) {
        return HostToolchain.exec(command(b, elf, args, false), cwd, new byte[0], timeoutSeconds);
    }
}
