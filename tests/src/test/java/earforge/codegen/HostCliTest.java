package earforge.codegen;

import earforge.testing.CliRun;
import earforge.testing.CliRun.Result;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import earforge.io.Npy;
import earforge.ir.Activation;
import earforge.ir.DType;
import earforge.ir.Graph;
import earforge.ir.Macs;
import earforge.ir.OpType;
import earforge.ir.Operator;
import earforge.ir.Padding;
import earforge.ir.Tensor;
import earforge.sim.Simulator;
import earforge.tflite.TfliteWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `generate`, `build`, `run` and `budget` end to end through the CLI. */
class HostCliTest {
    @TempDir Path dir;

    static Result cli(String... args) { return CliRun.run(args); }

    static void assertOneLineError(Result r, String contains) { CliRun.oneLineError(r, contains); }

    private Graph model() {
        OpGraphs b = new OpGraphs(5);
        Tensor x = b.conv(b.input(1, 6, 5, 2), 4, 3, 3, 1, 1, 1, 1, Padding.SAME, Activation.RELU, true, true);
        x = b.reshape(x, 1, 120);
        return b.outputs(b.softmax(b.fc(x, 6, false, true, Activation.NONE), 1f));
    }

    @Test
    void generateBuildRunMatchesTheSimulatorWithNBatches() throws Exception {
        Graph g = model();
        Path m = dir.resolve("m.tflite"), out = dir.resolve("gen");
        Files.write(m, TfliteWriter.toBytes(g));

        Result gen = cli("generate", "--model", m.toString(), "--board", "host", "--out", out.toString());
        assertThat(gen.code()).as(gen.err()).isZero();
        assertThat(gen.out()).contains("arena");
        assertThat(out.resolve("model.c")).exists();
        assertOneLineError(cli("generate", "--model", m.toString(), "--out", out.toString()), "not empty");
        Files.writeString(out.resolve("stale.txt"), "from an older run");
        assertThat(cli("generate", "--model", m.toString(), "--out", out.toString(), "--force").code()).isZero();
        assertThat(out.resolve("stale.txt")).doesNotExist();
        try (var s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString())).as("no temporary directories left").containsExactlyInAnyOrder("m.tflite", "gen");
        }

        Result build = cli("build", out.toString());
        assertThat(build.code()).as(build.err()).isZero();

        int n = 7;
        byte[] all = new byte[n * g.input(0).elements()];
        new Random(3).nextBytes(all);
        Path in = dir.resolve("in.npy"), got = dir.resolve("out.npy");
        Npy.write(in, DType.INT8, new int[] {n, 6, 5, 2}, all);   // N replaces the leading 1
        Result run = cli("run", out.toString(), "--input", in.toString(), "--output", got.toString());
        assertThat(run.code()).as(run.err()).isZero();
        Npy.Array a = Npy.read(got);
        assertThat(a.shape()).containsExactly(n, 6);
        Simulator sim = new Simulator(g);
        int per = g.input(0).elements();
        for (int k = 0; k < n; k++) {
            byte[] want = (byte[]) sim.run((Object) Arrays.copyOfRange(all, k * per, (k + 1) * per))[0];
            assertThat(Arrays.copyOfRange((byte[]) a.data(), k * 6, (k + 1) * 6)).as("inference %d", k).isEqualTo(want);
        }

        Npy.write(in, DType.FLOAT32, new int[] {1, 6, 5, 2}, new float[60]);
        assertOneLineError(cli("run", out.toString(), "--input", in.toString(), "--output", got.toString()), "float32");
    }

    @Test
    void budgetJson() throws Exception {
        Graph g = model();
        Path m = dir.resolve("m.tflite");
        Files.write(m, TfliteWriter.toBytes(g));
        Result r = cli("budget", "--model", m.toString(), "--board", "host", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertThat(j.get("layers")).hasSize(g.operators.size());
        long weights = 0;
        for (Operator op : g.operators) if (op.type != OpType.RESHAPE) weights += Macs.weightBytes(g, op);   // not its shape tensor
        assertThat(j.get("macs").asLong()).isEqualTo(Macs.total(g));
        assertThat(j.get("constantBytes").asLong()).isGreaterThanOrEqualTo(weights);
        assertThat(j.get("arenaBytes").asInt()).isLessThanOrEqualTo(j.get("tflmGreedyArenaBytes").asInt())
            .isGreaterThanOrEqualTo(j.get("arenaLowerBound").asInt()).isPositive();
        for (int k = 0; k < g.operators.size(); k++) {
            assertThat(j.get("layers").get(k).get("macs").asLong()).isEqualTo(Macs.of(g, g.operators.get(k)));
        }
    }

    @Test
    void errorsAreOneLine() throws Exception {
        assertOneLineError(cli("build", dir.toString()), "not an earforge output directory");
        assertOneLineError(cli("generate", "--model", dir.resolve("none.tflite").toString(), "--out", dir.resolve("x").toString()),
            "no such model file");
        Path m = dir.resolve("m.tflite");
        Files.write(m, TfliteWriter.toBytes(model()));
        assertOneLineError(cli("generate", "--model", m.toString(), "--board", "esp99", "--out", dir.resolve("x").toString()),
            "unknown board");
        Files.writeString(dir.resolve("file"), "x");
        assertOneLineError(cli("generate", "--model", m.toString(), "--out", dir.resolve("file").toString()), "not a directory");
        assertThat(cli("generate", "--model", m.toString(), "--out", dir.resolve("g").toString()).code()).isZero();
        assertOneLineError(cli("run", dir.resolve("g").toString(), "--input", m.toString(), "--output", dir.resolve("o.npy").toString()),
            "not built");
    }
}
