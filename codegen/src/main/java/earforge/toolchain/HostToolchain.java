package earforge.toolchain;

import earforge.EarforgeException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Builds generated C with the host's gcc and runs the result as a child process. Running a process (rather than
 * loading a shared library into the JVM) keeps a crash, a sanitizer abort or a hang of generated code out of the
 * JVM, needs no JNI glue, and is the same byte-stream protocol a board under QEMU can speak.
 */
public final class HostToolchain {
    private HostToolchain() {}

    /** Compiles every .c file of {@code dir} into {@code dir/build/<exe>}; returns the executable. */
    public static Path build(Path dir, Board board, List<String> extraFlags, String exe) {
        List<String> sources;
        try (Stream<Path> s = Files.list(dir)) {
            sources = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".c")).sorted().toList();
        } catch (IOException e) {
            throw EarforgeException.of("%s: cannot list (%s)", dir, e.getMessage());
        }
        if (sources.isEmpty()) throw EarforgeException.of("%s: no C sources (run generate first)", dir);
        Path out = dir.resolve("build").resolve(exe);
        try {
            Files.createDirectories(out.getParent());
        } catch (IOException e) {
            throw EarforgeException.of("%s: cannot create (%s)", out.getParent(), e.getMessage());
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(board.toolchain());
        cmd.addAll(board.cflags());
        cmd.addAll(extraFlags);
        cmd.add("-o");
        cmd.add(dir.relativize(out).toString());
        cmd.addAll(sources);
        cmd.addAll(board.ldflags());
        Result r = exec(cmd, dir, new byte[0], 600);
        if (r.exit() != 0) {
            String first = r.stderrText().lines().filter(l -> l.contains("error")).findFirst()
                .orElse(r.stderrText().lines().findFirst().orElse("exit code " + r.exit()));
            throw EarforgeException.of("%s failed in %s: %s", board.toolchain(), dir, first.trim());
        }
        return out;
    }

    public record Result(int exit, byte[] stdout, byte[] stderr) {
        public String stderrText() { return new String(stderr, StandardCharsets.UTF_8); }
    }

    /** Runs a command with {@code stdin} as its input; fails when it cannot start or exceeds the timeout. */
    public static Result exec(List<String> cmd, Path cwd, byte[] stdin, long timeoutSeconds) {
        Process p;
        try {
            p = new ProcessBuilder(cmd).directory(cwd.toFile()).start();
        } catch (IOException e) {
            throw EarforgeException.of("cannot run %s (%s)", cmd.get(0), e.getMessage());
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        Thread feeder = new Thread(() -> {
            try (OutputStream os = p.getOutputStream()) {
                os.write(stdin);
            } catch (IOException ignored) {
                // the process exited early; its exit code tells why
            }
        });
        Thread outReader = pump(p.getInputStream(), out), errReader = pump(p.getErrorStream(), err);
        feeder.start();
        try {
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw EarforgeException.of("%s did not finish within %d s", cmd.get(0), timeoutSeconds);
            }
            feeder.join();
            outReader.join();
            errReader.join();
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw EarforgeException.of("interrupted while running %s", cmd.get(0));
        }
        return new Result(p.exitValue(), out.toByteArray(), err.toByteArray());
    }

    private static Thread pump(InputStream in, ByteArrayOutputStream sink) {
        Thread t = new Thread(() -> {
            try (in) {
                in.transferTo(sink);
            } catch (IOException ignored) {
                // stream closed with the process
            }
        });
        t.start();
        return t;
    }

    /** Runs the built model: {@code input} holds N records of the model's input bytes; returns N output records. */
    public static byte[] run(Path exe, byte[] input, int inputBytes, int outputBytes, long timeoutSeconds) {
        if (inputBytes <= 0 || input.length % inputBytes != 0) {
            throw EarforgeException.of("input of %d bytes is not a whole number of %d-byte records", input.length, inputBytes);
        }
        Result r = exec(List.of(exe.toAbsolutePath().toString()), exe.getParent(), input, timeoutSeconds);
        if (r.exit() != 0) {
            String first = r.stderrText().lines().filter(l -> !l.isBlank()).findFirst().orElse("no message");
            throw EarforgeException.of("%s exited with code %d: %s", exe.getFileName(), r.exit(), first.trim());
        }
        long want = (long) input.length / inputBytes * outputBytes;
        if (r.stdout().length != want) {
            throw EarforgeException.of("%s wrote %d bytes, expected %d", exe.getFileName(), r.stdout().length, want);
        }
        return r.stdout();
    }
}
