package earforge.boards;

import earforge.EarforgeException;
import earforge.toolchain.Board;
import earforge.toolchain.HostToolchain;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * `run` on a virtual board: the inputs go to the firmware as a semihosting file, the outputs come back the same way.
 * One QEMU process runs every inference (a run costs about 0.05 s plus the firmware's own work).
 */
public final class BoardRun {
    private BoardRun() {}

    /** Outputs of the firmware and, when asked for, its profile. */
    public record Result(byte[] output, Profile profile, String log) {}

    public static Path elf(Path dir, Board b) {
        Path elf = dir.resolve(Qemu.ELF);
        if (!Files.isRegularFile(elf)) throw EarforgeException.of("%s: not built (run: earforge build %s)", dir, dir);
        return elf;
    }

    /** Runs {@code mode} (tensors, features, stream) on {@code input}; the output file must hold a multiple of {@code record}. */
    public static Result run(Path dir, Board b, String mode, byte[] input, int record, boolean profile, int operators,
                             long timeoutSeconds) {
        Path elf = elf(dir, b);
        Path work;
        try {
            work = Files.createTempDirectory(dir.resolve("build"), "run-");
        } catch (IOException e) {
            throw EarforgeException.of("%s: cannot create a run directory (%s)", dir, e.getMessage());
        }
        try {
            Files.write(work.resolve("in.bin"), input);
            List<String> args = new ArrayList<>(List.of(mode, "in.bin", "out.bin"));
            if (profile) args.add("profile.txt");
            HostToolchain.Result r = Qemu.run(b, elf, args, work, timeoutSeconds);
            String log = new String(r.stdout()) + r.stderrText();
            if (r.exit() != 0) {
                String first = log.lines().filter(l -> !l.isBlank()).findFirst().orElse("no message");
                throw EarforgeException.of("firmware on %s exited with code %d: %s", b.name(), r.exit(), first.trim());
            }
            byte[] out = Files.readAllBytes(work.resolve("out.bin"));
            if (record > 0 && out.length % record != 0) {
                throw EarforgeException.of("firmware wrote %d bytes, not a multiple of %d", out.length, record);
            }
            Profile p = profile ? Profile.read(work.resolve("profile.txt"), operators) : null;
            return new Result(out, p, log);
        } catch (IOException e) {
            throw EarforgeException.of("%s: %s", work, e.getMessage());
        } finally {
            deleteTree(work);
        }
    }

    /** Model inference on N concatenated input records; checks the output size. */
    public static Result tensors(Path dir, Board b, byte[] input, int inputBytes, int outputBytes, boolean profile, int operators,
                                 long timeoutSeconds) {
        if (inputBytes <= 0 || input.length % inputBytes != 0) {
            throw EarforgeException.of("input of %d bytes is not a whole number of %d-byte records", input.length, inputBytes);
        }
        Result r = run(dir, b, "tensors", input, outputBytes, profile, operators, timeoutSeconds);
        long want = (long) input.length / inputBytes * outputBytes;
        if (r.output().length != want) throw EarforgeException.of("firmware wrote %d bytes, expected %d", r.output().length, want);
        return r;
    }

    static void deleteTree(Path p) {
        try (var s = Files.walk(p)) {
            for (Path x : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(x);
        } catch (IOException ignored) {
            // best effort: a leftover run directory under build/ is harmless
        }
    }
}
