package earforge.cli;

import earforge.EarforgeException;
import earforge.boards.Flasher;
import earforge.emit.Manifest;
import earforge.toolchain.Board;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "flash", description = {"Flashes a built project with the board's vendor tool (address, verify, reset), streaming its "
    + "output; for virtual boards runs the image in QEMU and streams the UART log.",
    "Tools: st-flash (stlink-tools), openocd, cubeprogrammer (STM32_Programmer_CLI), esptool, idf (idf.py), qemu."})
final class FlashCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DIR", description = "project written by generate and built by build") Path dir;
    @Option(names = "--tool", description = "st-flash|openocd|cubeprogrammer|esptool|idf (default: the board's first installed tool)")
    String tool;
    @Option(names = "--port", paramLabel = "P", description = "serial port (ESP32) or probe serial number (STM32)") String port;
    @Option(names = "--dry-run", description = "print the command instead of running it") boolean dryRun;
    @Option(names = "--timeout", defaultValue = "300", description = "seconds, default ${DEFAULT-VALUE}") long timeout;

    @Override public Integer call() {
        Manifest m = Manifest.read(dir);
        Board b = Board.load(m.board());
        if (b.isHost()) throw EarforgeException.of("%s is built for the host: nothing to flash (earforge run %s)", dir, dir);
        String t = Flasher.tool(b, tool);
        List<String> cmd = Flasher.command(dir.toAbsolutePath(), b, t, port);
        if (dryRun) {
            System.out.println(Flasher.shell(cmd));
            return 0;
        }
        System.err.println("earforge: " + Flasher.shell(cmd));
        int rc = Flasher.run(cmd, Flasher.workingDir(dir.toAbsolutePath(), t), timeout);
        if (rc != 0) {
            throw EarforgeException.of("%s exited with code %d%s", Path.of(cmd.get(0)).getFileName(), rc,
                b.isVirtual() ? " (the firmware's exit code)" : " (is the board connected and powered? see its output above)");
        }
        return 0;
    }
}
