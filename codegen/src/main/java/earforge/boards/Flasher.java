package earforge.boards;

import earforge.EarforgeException;
import earforge.toolchain.Board;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * `flash DIR`: the vendor tool's command line for the board (address, verify, reset), run with its output streamed to
 * this terminal. For virtual boards "flashing" is running the image in QEMU with the UART on this terminal.
 */
public final class Flasher {
    private Flasher() {}

    /** The tool to use: {@code requested}, or the first of the board's tools that is installed (else the first). */
    public static String tool(Board b, String requested) {
        if (requested != null) {
            if (!Board.FLASH_TOOLS.contains(requested)) {
                throw EarforgeException.of("unknown flash tool '%s' (known: %s)", requested, String.join(", ", Board.FLASH_TOOLS));
            }
            if (!b.flashTools().contains(requested)) {
                throw EarforgeException.of("board %s is not flashed with %s (its tools: %s)", b.name(), requested,
                    String.join(", ", b.flashTools()));
            }
            return requested;
        }
        for (String t : b.flashTools()) if (Tools.find(executables(t).get(0)) != null) return t;
        return b.flashTools().get(0);
    }

    /** Executable names of a tool, preferred first. */
    static List<String> executables(String tool) {
        return switch (tool) {
            case "st-flash" -> List.of("st-flash");
            case "openocd" -> List.of("openocd");
            case "cubeprogrammer" -> List.of("STM32_Programmer_CLI");
            case "esptool" -> List.of("esptool.py", "esptool");
            case "idf" -> List.of("idf.py");
            case "qemu" -> List.of("qemu");
            default -> throw new IllegalStateException(tool);
        };
    }

    private static String executable(String tool, String purpose) {
        List<String> names = executables(tool);
        for (String n : names) {
            Path p = Tools.find(n);
            if (p != null) return p.toString();
        }
        throw EarforgeException.of("%s is not installed (needed to %s): %s", names.get(0), purpose, Tools.hint(names.get(0)));
    }

    /** The command line; {@code dir} is the project, {@code port} a serial port or probe serial number (may be null). */
    public static List<String> command(Path dir, Board b, String tool, String port) {
        String what = "flash " + b.name();
        long address = b.first("flash").address();
        Path bin = dir.resolve("build/firmware.bin"), elf = dir.resolve("build/firmware.elf");
        List<String> cmd = new ArrayList<>();
        switch (tool) {
            case "st-flash" -> {
                requireImage(bin, dir);
                cmd.add(executable(tool, what));
                if (port != null) cmd.addAll(List.of("--serial", port));
                cmd.addAll(List.of("--reset", "write", bin.toString(), Projects.hex(address)));   // st-flash verifies after writing
            }
            case "openocd" -> {
                requireImage(elf, dir);
                cmd.add(executable(tool, what));
                cmd.addAll(List.of("-f", b.chip().getOrDefault("openocd_interface", "interface/stlink.cfg")));
                if (port != null) cmd.addAll(List.of("-c", "adapter serial " + port));
                cmd.addAll(List.of("-f", "target/" + b.chip().get("openocd_target") + ".cfg",
                    "-c", "program " + elf + " verify reset exit"));
            }
            case "cubeprogrammer" -> {
                requireImage(bin, dir);
                cmd.add(executable(tool, what));
                cmd.addAll(List.of("-c", "port=SWD" + (port != null ? " sn=" + port : ""), "-w", bin.toString(), Projects.hex(address),
                    "-v", "-rst"));
            }
            case "esptool" -> {
                Path args = dir.resolve("build/flash_args");
                requireImage(args, dir);
                cmd.add(executable(tool, what));
                cmd.addAll(List.of("--chip", b.chip().get("target")));
                if (port != null) cmd.addAll(List.of("-p", port));
                cmd.addAll(List.of("-b", "460800", "--before", "default_reset", "--after", "hard_reset", "write_flash", "@flash_args"));
            }
            case "idf" -> {
                cmd.add(executable(tool, what));
                if (port != null) cmd.addAll(List.of("-p", port));
                cmd.add("flash");
            }
            case "qemu" -> {
                requireImage(elf, dir);
                cmd.addAll(Qemu.command(b, elf, List.of(), true));
            }
            default -> throw new IllegalStateException(tool);
        }
        return cmd;
    }

    /** Where the tool runs: esptool reads @flash_args relative to build/. */
    public static Path workingDir(Path dir, String tool) {
        return tool.equals("esptool") ? dir.resolve("build") : dir;
    }

    private static void requireImage(Path p, Path dir) {
        if (!Files.isRegularFile(p)) throw EarforgeException.of("%s: no %s (run: earforge build %s)", dir, dir.relativize(p), dir);
    }

    /** Runs the command with inherited stdout/stderr; returns its exit code. */
    public static int run(List<String> cmd, Path cwd, long timeoutSeconds) {
        Process p;
        try {
            p = new ProcessBuilder(cmd).directory(cwd.toFile()).redirectInput(ProcessBuilder.Redirect.INHERIT)
                .redirectOutput(ProcessBuilder.Redirect.INHERIT).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        } catch (IOException e) {
            throw EarforgeException.of("cannot run %s (%s)", cmd.get(0), e.getMessage());
        }
        try {
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw EarforgeException.of("%s did not finish within %d s", Path.of(cmd.get(0)).getFileName(), timeoutSeconds);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw EarforgeException.of("interrupted while running %s", cmd.get(0));
        }
        return p.exitValue();
    }

    /** A command line as a shell would take it (for --dry-run and messages). */
    public static String shell(List<String> cmd) {
        List<String> q = new ArrayList<>();
        for (String a : cmd) q.add(a.matches("[A-Za-z0-9@%+=:,./_-]+") ? a : "'" + a.replace("'", "'\\''") + "'");
        return String.join(" ", q);
    }
}
