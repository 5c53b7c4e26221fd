package earforge.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import earforge.codegen.TestModels;
import earforge.emit.CKernels;
import earforge.emit.Generator;
import earforge.emit.Lowering;
import earforge.ir.Graph;
import earforge.ir.Macs;
import earforge.ir.Tensor;
import earforge.sim.Simulator;
import earforge.tflite.TfliteReader;
import earforge.toolchain.Board;
import earforge.tflite.TfliteWriter;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * .tflite: {@link TfliteReader} and what `inspect`, `simulate` and `generate` do next with the graph (MACs per
 * operator, the simulator's per-operator validation, lowering to C with the arena plan), seeded with the shared models and the per-operator test models.
 * flatbuffers-java has no verifier: an offset outside the file surfaces as an IndexOutOfBoundsException (or an
 * IllegalArgumentException from ByteBuffer.position) inside the schema classes, which the reader reports as a
 * corrupt file; any other exception is a reader bug.
 */
class TfliteFuzz {
    static Stream<Arguments> seeds() {
        Seeds s = new Seeds().shared("models", ".tflite");
        for (TestModels.Named m : TestModels.perOperator()) s.add(m.name(), TfliteWriter.toBytes(m.graph()));
        return s.stream();
    }

    private static final Board HOST = Board.load("host");

    /** Simulator construction allocates every activation: only for graphs a fuzz input can afford. */
    static final long SIM_ELEMENTS = 1 << 20;

    @MethodSource("seeds")
    @FuzzTest(maxDuration = "25s")
    void tflite(byte[] data) {
        Harness.check("tflite", data, b -> {
            Graph g = TfliteReader.read(b, "fuzz.tflite");
            Macs.total(g);
            long elements = 0;
            for (Tensor t : g.tensors) elements += t.elements();
            if (elements > SIM_ELEMENTS) return;
            new Simulator(g);
            // a graph the simulator accepts goes on to `generate`: lowering, arena plan, C rendering
            if (g.isInt8() && g.operators.stream().allMatch(op -> CKernels.supports(op.type))) {
                Generator.files(Lowering.lower(g), HOST);
            }
        }, c -> c instanceof IndexOutOfBoundsException || c instanceof IllegalArgumentException
            && Harness.thrownInside(c, "com.google.flatbuffers.", "org.tensorflow.lite.schema."));
    }
}
