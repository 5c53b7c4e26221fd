package earforge.cli;

import earforge.testing.CliRun;
import earforge.testing.CliRun.Result;

import static org.assertj.core.api.Assertions.assertThat;

import earforge.io.Npy;
import earforge.ir.DType;
import earforge.ir.Graph;
import earforge.tflite.TfliteWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input: one line on stderr naming the cause, exit code 2, no stack trace, no output file. */
class CliErrorsTest {
    @TempDir Path dir;

    static Result run(String... args) { return CliRun.run(args); }

    private Path model() throws Exception {
        Graph g = DemoModel.build();
        Path p = dir.resolve("m.tflite");
        Files.write(p, TfliteWriter.toBytes(g));
        return p;
    }

    private static void assertOneLineError(Result r, String contains) {
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).startsWith("earforge: ").contains(contains).doesNotContain("\tat ").doesNotContain("Exception");
        assertThat(r.err().strip().lines().count()).isEqualTo(1);
    }

    @Test
    void missingModel() {
        assertOneLineError(run("inspect", dir.resolve("nope.tflite").toString()), "no such model file");
    }

    @Test
    void garbageAndTruncatedModels() throws Exception {
        Path g = dir.resolve("g.tflite");
        Files.write(g, "this is not a model at all".getBytes());
        assertOneLineError(run("inspect", g.toString()), "not a .tflite file");
        byte[] m = Files.readAllBytes(model());
        Path t = dir.resolve("t.tflite");
        Files.write(t, Arrays.copyOf(m, m.length / 2));
        Result r = run("inspect", t.toString());
        assertOneLineError(r, "t.tflite");
    }

    @Test
    void simulateChecksInputDtypeAndShape() throws Exception {
        Path m = model();
        Path f = dir.resolve("f.npy"), s = dir.resolve("s.npy"), out = dir.resolve("out.npy");
        Npy.write(f, DType.FLOAT32, new int[] {1, 64}, new float[64]);
        assertOneLineError(run("simulate", "--model", m.toString(), "--input", f.toString(), "--output", out.toString()),
            "holds float32 but model input 'features' is int8");
        Npy.write(s, DType.INT8, new int[] {1, 63}, new byte[63]);
        assertOneLineError(run("simulate", "--model", m.toString(), "--input", s.toString(), "--output", out.toString()),
            "has shape [1, 63]; model input 'features' takes [1, 64]");
        assertThat(out).doesNotExist();
    }

    @Test
    void simulateRunsABatch() throws Exception {
        Path m = model();
        Path in = dir.resolve("in.npy"), out = dir.resolve("out.npy");
        byte[] data = new byte[5 * 64];
        new java.util.Random(3).nextBytes(data);
        Npy.write(in, DType.INT8, new int[] {5, 64}, data);
        Result r = run("simulate", "--model", m.toString(), "--input", in.toString(), "--output", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        Npy.Array a = Npy.read(out);
        assertThat(a.shape()).containsExactly(5, 10);
        // Each row equals a single un-batched run of the same input row.
        var sim = new earforge.sim.Simulator(DemoModel.build());
        for (int n = 0; n < 5; n++) {
            byte[] row = Arrays.copyOfRange(data, n * 64, n * 64 + 64);
            byte[] one = (byte[]) sim.run(row)[0];
            assertThat(Arrays.copyOfRange((byte[]) a.data(), n * 10, n * 10 + 10)).isEqualTo(one);
        }
    }

    @Test
    void unknownOptionIsOneLine() {
        Result r = run("simulate", "--bogus");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).startsWith("earforge: ");
    }
}
