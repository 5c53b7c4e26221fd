package earforge.codegen;

import static org.assertj.core.api.Assertions.assertThat;

import earforge.emit.CModel;
import earforge.emit.Generator;
import earforge.emit.Lowering;
import earforge.ir.Graph;
import earforge.kernels.Values;
import earforge.oracle.TfliteOracle;
import earforge.sim.Simulator;
import earforge.testing.OracleAssert;
import earforge.toolchain.Board;
import earforge.toolchain.HostToolchain;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * The chain of evidence on the host: generate C for a graph, build it with gcc, run it as a process on random
 * inputs, and compare every output byte with TFLite's reference kernels and with the Java simulator.
 */
final class HostC {
    private HostC() {}

    static final List<String> SANITIZE = List.of("-fsanitize=address,undefined", "-fno-sanitize-recover", "-g");

    /** A generated and built model. */
    record Built(CModel model, Path dir, Path exe) {}

    static Built build(Graph g, Path dir, List<String> extraFlags) {
        return build(Lowering.lower(g), dir, extraFlags);
    }

    static Built build(CModel m, Path dir, List<String> extraFlags) {
        Board host = Board.load("host");
        Generator.write(Generator.files(m, host), dir, true);
        Path exe = HostToolchain.build(dir, host, extraFlags, extraFlags.isEmpty() ? "model" : "model-checked");
        return new Built(m, dir, exe);
    }

    /** Random inputs (full int8 range), {@code runs} inferences; per run, per graph input. */
    static Object[][] randomInputs(Graph g, int runs, long seed) {
        Random r = new Random(seed);
        Object[][] in = new Object[runs][g.inputs.length];
        for (int k = 0; k < runs; k++) for (int i = 0; i < g.inputs.length; i++) in[k][i] = OracleAssert.randomInput(g.input(i), r, 4f);
        return in;
    }

    /** Runs all inferences in one process; returns per run, per graph output, the output bytes. */
    static byte[][][] run(Built b, Object[][] inputs) {
        ByteArrayOutputStream stdin = new ByteArrayOutputStream();
        for (Object[] run : inputs) for (Object x : run) stdin.writeBytes(Values.encode(x));
        byte[] out = HostToolchain.run(b.exe(), stdin.toByteArray(), b.model().inputBytes(), b.model().outputBytes(), 300);
        int outs = b.model().outputs().size();
        byte[][][] res = new byte[inputs.length][outs][];
        int at = 0;
        for (int k = 0; k < inputs.length; k++) {
            for (int o = 0; o < outs; o++) {
                int n = b.model().outputs().get(o).bytes();
                res[k][o] = Arrays.copyOfRange(out, at, at + n);
                at += n;
            }
        }
        return res;
    }

    /**
     * C == TFLite and C == simulator on {@code runs} random inputs; returns the number of output bytes compared
     * (per reference).
     */
    static long assertBitExact(byte[] tflite, Graph g, Path dir, int runs, long seed) {
        Built b = build(g, dir, List.of());
        Object[][] inputs = randomInputs(g, runs, seed);
        byte[][][] c = run(b, inputs);
        Simulator sim = new Simulator(g);
        long compared = 0;
        try (TfliteOracle oracle = new TfliteOracle(tflite)) {
            for (int k = 0; k < runs; k++) {
                Object[] want = oracle.run(inputs[k]);
                Object[] simOut = sim.run(inputs[k]);
                for (int o = 0; o < want.length; o++) {
                    OracleAssert.compare(g.output(o), want[o], c[k][o], "C vs TFLite, run " + k + " output " + o);
                    OracleAssert.compare(g.output(o), simOut[o], c[k][o], "C vs simulator, run " + k + " output " + o);
                    compared += c[k][o].length;
                }
            }
        }
        assertThat(compared).isEqualTo((long) runs * b.model().outputBytes());
        return compared;
    }
}
