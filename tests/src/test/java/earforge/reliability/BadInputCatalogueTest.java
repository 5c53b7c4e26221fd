package earforge.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import earforge.EarforgeException;
import earforge.codegen.TestModels;
import earforge.importers.KerasSeeds;
import earforge.io.Npy;
import earforge.ir.DType;
import earforge.ir.Graph;
import earforge.ir.OpType;
import earforge.ir.Options;
import earforge.ir.Quant;
import earforge.ir.Tensor;
import earforge.testing.Shared;
import earforge.toolchain.Board;
import earforge.tflite.TfliteWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * README's "Bad input catalogue", checked: every bad input listed there is tried here through the command a user
 * would run, and what the user sees (exit code 2 and one line) must be the line the README shows. File names are
 * shown relative to the folder the files are in.
 */
class BadInputCatalogueTest {
    @TempDir Path dir;
    private final Map<String, String> seen = new LinkedHashMap<>();

    private Path file(String name, byte[] bytes) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, bytes);
        return p;
    }

    private Path file(String name, String text) throws IOException { return file(name, text.getBytes(StandardCharsets.UTF_8)); }

    /** Runs the CLI, expects one error line, records it (with the temp folder removed) under {@code input}. */
    private void cli(String input, String... args) {
        String line = Cli.oneLineError(Cli.run(args));
        seen.put(input, line.replace(dir + "/", ""));
    }

    /** A reader called directly (board files are read from the installation, not from a path the user gives). */
    private void direct(String input, Runnable r) {
        try {
            r.run();
            throw new AssertionError(input + ": accepted");
        } catch (EarforgeException e) {
            assertThat(e.getMessage()).doesNotContain("\n");
            seen.put(input, "earforge: " + e.getMessage());
        }
    }

    private static Graph oneFc() { return TestModels.perOperator().get(0).graph(); }

    @Test
    void everyCataloguedInputGivesTheLineTheReadmeShows() throws IOException {
        // .tflite (any command that takes a model; `inspect` here)
        cli("empty .tflite", "inspect", file("empty.tflite", new byte[0]).toString());
        cli("a text file named .tflite", "inspect", file("notes.tflite", "hello, this is not a model\n").toString());
        byte[] model = TfliteWriter.toBytes(oneFc());
        cli("a .tflite cut in half", "inspect", file("half.tflite", Arrays.copyOf(model, model.length / 2)).toString());
        Graph big = oneFc();
        big.tensors.get(big.inputs[0]).name = "input\nline 2";
        big.tensors.get(big.inputs[0]).shape = new int[] {70000, 1000};
        cli("a tensor of 70,000 x 1,000 elements, name with a line break", "inspect", file("big.tflite", TfliteWriter.toBytes(big)).toString());
        Graph huge = oneFc();
        for (int i = 0; i < 5; i++) {
            Tensor t = huge.addTensor("act" + i, DType.FLOAT32, new int[] {1 << 26}, null, null);
            huge.addOperator(OpType.RELU, new int[] {t.index}, new int[] {t.index}, Options.NONE);
        }
        cli("five float32 activations of 2^26 elements (1.25 GiB)", "inspect", file("huge.tflite", TfliteWriter.toBytes(huge)).toString());
        Graph conv = new Graph();
        Tensor in = conv.addTensor("in", DType.INT8, new int[] {1, 4, 4, 0}, Quant.perTensor(0.1f, 0), null);
        Tensor w = conv.addTensor("w", DType.INT8, new int[] {2, 1, 1, 1}, Quant.perTensor(0.1f, 0), new byte[2]);
        Tensor out = conv.addTensor("out", DType.INT8, new int[] {1, 4, 4, 2}, Quant.perTensor(0.1f, 0), null);
        conv.inputs = new int[] {in.index};
        conv.outputs = new int[] {out.index};
        conv.addOperator(OpType.CONV_2D, new int[] {in.index, w.index, -1}, new int[] {out.index},
            new Options.Conv(earforge.ir.Padding.SAME, 1, 1, 1, 1, earforge.ir.Activation.NONE));
        Path convFile = file("depth0.tflite", TfliteWriter.toBytes(conv));
        cli("CONV_2D on an input of depth 0 (`generate`)", "generate", "--model", convFile.toString(), "--out", dir.resolve("p0").toString());

        // Keras .h5
        cli(".h5 that is not HDF5", "inspect", file("model.h5", "{\"class_name\": \"Sequential\"}").toString());
        byte[] h5 = KerasSeeds.smallCnn(Files.createDirectories(dir.resolve("h5")));
        cli(".h5 cut after 3,000 bytes", "inspect", file("cut.h5", Arrays.copyOf(h5, 3000)).toString());

        // .npy (`simulate --input`)
        Path fc = file("fc.tflite", model);
        String outNpy = dir.resolve("out.npy").toString();
        cli(".npy with a bad magic", "simulate", "--model", fc.toString(), "--input", file("bad.npy", "NUMPY not really").toString(), "--output", outNpy);
        byte[] good = Npy.toBytes(DType.INT8, new int[] {3, 24}, new byte[72]);
        cli(".npy cut short", "simulate", "--model", fc.toString(), "--input", file("short.npy", Arrays.copyOf(good, good.length - 10)).toString(),
            "--output", outNpy);
        cli(".npy of float64", "simulate", "--model", fc.toString(), "--input",
            file("f8.npy", new String(good, StandardCharsets.ISO_8859_1).replace("|i1", "<f8").getBytes(StandardCharsets.ISO_8859_1)).toString(),
            "--output", outNpy);
        cli(".npy in Fortran order", "simulate", "--model", fc.toString(), "--input",
            file("fortran.npy", new String(good, StandardCharsets.ISO_8859_1).replace("False", "True ").getBytes(StandardCharsets.ISO_8859_1)).toString(),
            "--output", outNpy);
        cli(".npy declaring shape (100000, 100000)", "simulate", "--model", fc.toString(), "--input",
            file("hugeshape.npy", new String(good, StandardCharsets.ISO_8859_1).replace("(3, 24)", "(100000, 100000)")
                .getBytes(StandardCharsets.ISO_8859_1)).toString(), "--output", outNpy);

        // WAV (`features --wav`)
        String npy = dir.resolve("f.npy").toString();
        cli("a text file named .wav", "features", "--frontend", "kws", "--wav", file("text.wav", "RIFF? no, just text").toString(), "--out", npy);
        byte[] wav = wav(1, 1, 16000, 16, 1600);
        cli("WAV cut in the data chunk", "features", "--frontend", "kws", "--wav", file("cut.wav", Arrays.copyOf(wav, 1000)).toString(), "--out", npy);
        cli("IMA ADPCM WAV", "features", "--frontend", "kws", "--wav", file("adpcm.wav", wav(0x11, 1, 16000, 4, 1600)).toString(), "--out", npy);
        cli("WAV with 0 channels", "features", "--frontend", "kws", "--wav", file("nochan.wav", wav(1, 0, 16000, 16, 1600)).toString(), "--out", npy);
        byte[] nan = wav(3, 1, 16000, 32, 1600);
        ByteBuffer.wrap(nan).order(ByteOrder.LITTLE_ENDIAN).putFloat(44 + 4 * 100, Float.NaN);
        cli("float WAV with a NaN sample", "features", "--frontend", "kws", "--wav", file("nan.wav", nan).toString(), "--out", npy);

        // frontend.json (`features --frontend`)
        Path w16 = file("ok.wav", wav);
        cli("frontend.json that is not JSON", "features", "--frontend", file("fe1.json", "sampleRate: 16000").toString(), "--wav", w16.toString(), "--out", npy);
        String base = "\"sampleRate\": 16000, \"frameLength\": 400, \"hop\": 160, \"melBands\": 40";
        cli("frontend.json with a misspelt field", "features", "--frontend", file("fe2.json", "{" + base + ", \"nFft\": 512, \"melbands\": 40}").toString(),
            "--wav", w16.toString(), "--out", npy);
        cli("frontend.json with nFft 500", "features", "--frontend", file("fe3.json", "{" + base + ", \"nFft\": 500}").toString(), "--wav", w16.toString(), "--out", npy);
        cli("frontend.json with framesPerWindow 1e9", "features", "--frontend",
            file("fe4.json", "{" + base + ", \"nFft\": 512, \"framesPerWindow\": 1000000000}").toString(), "--wav", w16.toString(), "--out", npy);

        // board YAML (boards/NAME.yaml in the installation)
        String m4 = Files.readString(Shared.root().resolve("boards/qemu-m4.yaml"));
        direct("board YAML with a tab-indented line", () -> Board.parse(m4.replace("\nfpu: sp", "\n\tfpu: sp"), "boards/qemu-m4.yaml", "qemu-m4"));
        direct("board YAML with an unknown field", () -> Board.parse(m4 + "\nflash_size: 1M\n", "boards/qemu-m4.yaml", "qemu-m4"));
        direct("board YAML with RAM size 4611686018427387905K", () -> Board.parse(m4.replace("size: 128K", "size: 4611686018427387905K"),
            "boards/qemu-m4.yaml", "qemu-m4"));
        String esp = Files.readString(Shared.root().resolve("boards/esp32-devkitc.yaml"));
        direct("ESP32 board YAML without chip.target", () -> Board.parse(esp.replaceAll("(?m)^  target: .*\\n", ""),
            "boards/esp32-devkitc.yaml", "esp32-devkitc"));

        // outputs
        Path proj = dir.resolve("proj");
        assertThat(Cli.run("generate", "--model", fc.toString(), "--out", proj.toString()).code()).isZero();
        cli("generate into a non-empty folder without --force", "generate", "--model", fc.toString(), "--out", proj.toString());
        Path docs = Files.createDirectories(dir.resolve("docs"));
        Files.writeString(docs.resolve("thesis.tex"), "x");
        cli("generate --force into a folder earforge did not write", "generate", "--model", fc.toString(), "--out", docs.toString(), "--force");
        cli("quantize onto an existing file without --force", "quantize", "--model", fc.toString(), "--calibration", w16.toString(),
            "--out", fc.toString());

        // the rows as README shows them (printed so that a changed message is easy to carry over)
        for (var e : seen.entrySet()) System.out.println("| " + e.getKey() + " | `" + e.getValue() + "` |");
        String readme = Files.readString(Shared.root().resolve("README.md"));
        int at = readme.indexOf("## Bad input catalogue");
        assertThat(at).as("README section").isPositive();
        String section = readme.substring(at);
        int next = section.indexOf("\n## ", 4);
        if (next > 0) section = section.substring(0, next);
        List<String> missing = new ArrayList<>();
        for (var e : seen.entrySet()) {
            String row = "| " + e.getKey() + " | `" + e.getValue() + "` |";
            if (!section.contains(row)) missing.add(row);
        }
        assertThat(missing).as("rows missing from README's catalogue (or with another message)").isEmpty();
    }

    /** A RIFF/WAVE file of {@code frames} frames of a ramp; format 1 PCM, 3 float, others as given. */
    static byte[] wav(int format, int channels, int rate, int bits, int frames) {
        int align = Math.max(1, channels) * Math.max(8, bits) / 8, data = frames * align;
        ByteBuffer b = ByteBuffer.allocate(44 + data).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + data).put("WAVE".getBytes(StandardCharsets.US_ASCII));
        b.put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) format).putShort((short) channels)
            .putInt(rate).putInt(rate * align).putShort((short) align).putShort((short) bits);
        b.put("data".getBytes(StandardCharsets.US_ASCII)).putInt(data);
        for (int i = 0; i < data; i++) b.put((byte) (i * 7));
        return b.array();
    }
}
