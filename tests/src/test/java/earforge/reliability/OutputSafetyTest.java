package earforge.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import earforge.EarforgeException;
import earforge.codegen.TestModels;
import earforge.io.AtomicDirectory;
import earforge.tflite.TfliteWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * generate, quantize and verify never leave partial output, refuse to replace existing output without --force (and
 * --force never deletes a folder earforge did not write), and a generated project's user/ folder survives
 * re-generation.
 */
class OutputSafetyTest {
    @TempDir Path dir;

    private Path model() throws IOException {
        Path m = dir.resolve("fc.tflite");
        if (!Files.exists(m)) TfliteWriter.write(TestModels.perOperator().get(0).graph(), m);
        return m;
    }

    /** Every file under {@code root} with its content (a snapshot to compare). */
    private static Map<String, String> snapshot(Path root) throws IOException {
        Map<String, String> m = new LinkedHashMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted().toList()) if (Files.isRegularFile(p)) m.put(root.relativize(p).toString(), Files.readString(p));
        }
        return m;
    }

    private List<String> leftovers() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.contains(".tmp-") || n.contains(".old-")).toList();
        }
    }

    @Test
    void generateRefusesWithoutForceAndKeepsUserFilesAcrossRegeneration() throws IOException {
        Path out = dir.resolve("proj");
        assertThat(Cli.run("generate", "--model", model().toString(), "--out", out.toString()).code()).isZero();
        Map<String, String> first = snapshot(out);
        assertThat(first).containsKey("earforge.json").containsKey("model.c");

        // user edits: a file of their own in user/ and a change to a generated file
        Files.createDirectories(out.resolve("user/sub"));
        Files.writeString(out.resolve("user/app.c"), "int app_main(void) { return 42; }\n");
        Files.writeString(out.resolve("user/sub/notes.txt"), "mine\n");
        Files.createSymbolicLink(out.resolve("user/data"), Path.of("/usr/share"));
        Files.writeString(out.resolve("model.c"), "/* hand edit */\n", java.nio.file.StandardOpenOption.APPEND);
        Map<String, String> edited = snapshot(out);

        String err = Cli.oneLineError(Cli.run("generate", "--model", model().toString(), "--out", out.toString()));
        assertThat(err).isEqualTo("earforge: " + out + " is not empty (use --force to replace it)");
        assertThat(snapshot(out)).isEqualTo(edited);

        assertThat(Cli.run("generate", "--model", model().toString(), "--out", out.toString(), "--force").code()).isZero();
        Map<String, String> again = snapshot(out);
        assertThat(again.get("user/app.c")).isEqualTo("int app_main(void) { return 42; }\n");
        assertThat(again.get("user/sub/notes.txt")).isEqualTo("mine\n");
        assertThat(Files.readSymbolicLink(out.resolve("user/data"))).as("a link stays a link").isEqualTo(Path.of("/usr/share"));
        again.remove("user/app.c");
        again.remove("user/sub/notes.txt");
        assertThat(again).as("generated files are regenerated, byte for byte").isEqualTo(first);
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void forceNeverReplacesAFolderEarforgeDidNotWrite() throws IOException {
        Path home = dir.resolve("documents");
        Files.createDirectories(home);
        Files.writeString(home.resolve("thesis.tex"), "\\documentclass{article}\n");
        String err = Cli.oneLineError(Cli.run("generate", "--model", model().toString(), "--out", home.toString(), "--force"));
        assertThat(err).isEqualTo("earforge: " + home + " is not empty and has no earforge.json: not an earforge output, "
            + "refusing to replace it even with --force");
        assertThat(snapshot(home)).containsOnlyKeys("thesis.tex");

        Path file = dir.resolve("afile");
        Files.writeString(file, "x");
        assertThat(Cli.oneLineError(Cli.run("generate", "--model", model().toString(), "--out", file.toString(), "--force")))
            .isEqualTo("earforge: " + file + " exists and is not a directory");
    }

    @Test
    void aFailedWriteLeavesTheOldDirectoryAndNoTemporaryFiles() throws IOException {
        Path out = dir.resolve("report");
        AtomicDirectory.write(Map.of("report.json", "{}".getBytes()), out, false, "report.json", null);
        Map<String, String> before = snapshot(out);
        // "x" as a file and "x/y" below it cannot both be written: the write fails half-way
        Map<String, byte[]> bad = new LinkedHashMap<>();
        bad.put("report.json", "{\"new\": 1}".getBytes());
        bad.put("x", "file".getBytes());
        bad.put("x/y", "below a file".getBytes());
        assertThatThrownBy(() -> AtomicDirectory.write(bad, out, true, "report.json", null))
            .isInstanceOf(EarforgeException.class).hasMessageStartingWith(out + ": cannot write (");
        assertThat(snapshot(out)).isEqualTo(before);
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void quantizeRefusesAnExistingOutputBeforeAnyWork() throws IOException {
        Path out = dir.resolve("q.tflite");
        Files.writeString(out, "previous result");
        // the model and calibration paths do not even exist: the output check comes first
        String err = Cli.oneLineError(Cli.run("quantize", "--model", dir.resolve("none.h5").toString(), "--calibration",
            dir.resolve("none").toString(), "--out", out.toString()));
        assertThat(err).isEqualTo("earforge: " + out + " exists (use --force to replace it)");
        assertThat(Files.readString(out)).isEqualTo("previous result");
        assertThat(Cli.oneLineError(Cli.run("quantize", "--model", model().toString(), "--calibration", dir.toString(), "--out",
            dir.toString()))).isEqualTo("earforge: " + dir + " is a directory");
    }

    @Test
    void verifyRefusesAnExistingReportBeforeAnyWork() throws IOException {
        Path rep = dir.resolve("rep");
        Files.createDirectories(rep);
        Files.writeString(rep.resolve("report.json"), "{\"pass\": true}");
        String[] args = {"verify", "--float", dir.resolve("f.tflite").toString(), "--int8", dir.resolve("q.tflite").toString(),
            "--dataset", dir.resolve("data").toString(), "--report", rep.toString()};
        assertThat(Cli.oneLineError(Cli.run(args))).isEqualTo("earforge: " + rep + " is not empty (use --force to replace it)");
        Path mine = dir.resolve("mine");
        Files.createDirectories(mine);
        Files.writeString(mine.resolve("data.csv"), "a,b\n");
        args[args.length - 1] = mine.toString();
        String[] forced = Stream.concat(Stream.of(args), Stream.of("--force")).toArray(String[]::new);
        assertThat(Cli.oneLineError(Cli.run(forced))).isEqualTo("earforge: " + mine
            + " is not empty and has no report.json: not an earforge output, refusing to replace it even with --force");
        assertThat(snapshot(mine)).containsOnlyKeys("data.csv");
        assertThat(Files.readString(rep.resolve("report.json"))).isEqualTo("{\"pass\": true}");
    }
}
