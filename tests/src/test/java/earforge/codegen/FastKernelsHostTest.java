package earforge.codegen;

import static org.assertj.core.api.Assertions.assertThat;

import earforge.emit.CModel;
import earforge.emit.ConvGemm;
import earforge.emit.Depthwise3x3;
import earforge.emit.Lowering;
import earforge.ir.Graph;
import earforge.ir.OpType;
import earforge.ir.Operator;
import earforge.plan.ArenaPlan;
import earforge.tflite.TfliteWriter;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The optimized lowering on the host (the fast kernels' portable C): it picks the kernels each model names, keeps the
 * pre-pool tensor of a fused pool out of the arena, and its outputs equal TFLite's reference kernels and the Java
 * simulator byte for byte. The DSP path is compared on qemu-m4 (earforge.boards.FastKernelsQemuTest).
 */
class FastKernelsHostTest {
    static final int RUNS = 60;

    @TempDir Path tmp;

    static Stream<Arguments> models() {
        return FastKernelModels.all().stream().map(m -> Arguments.of(m.name(), m));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void fastKernelsAreBitExactWithTfliteAndTheSimulator(String name, FastKernelModels.Model m) {
        Graph g = m.graph();
        CModel c = Lowering.lower(g);
        assertThat(c.steps().stream().map(CModel.Step::kernel).filter(k -> k != null).toList()).as("kernels of %s", name)
            .isEqualTo(m.kernels());
        for (CModel.Step s : c.steps()) {
            if (!"fused".equals(s.kernel())) continue;
            Operator pool = g.operators.get(s.index()), conv = g.operators.get(s.index() - 1);
            assertThat(pool.type).isEqualTo(OpType.MAX_POOL_2D);
            assertThat(c.plan().offsetOf(conv.output(0))).as("the pre-pool tensor is never stored").isEqualTo(-1);
        }
        HostC.assertBitExact(TfliteWriter.toBytes(g), g, tmp.resolve("gen"), RUNS, name.hashCode());
    }

    /** The models above reach every path they are meant to test. */
    @Test
    void theModelsCoverEveryPath() {
        Set<String> seen = new HashSet<>();
        for (FastKernelModels.Model m : FastKernelModels.all()) {
            CModel c = Lowering.lower(m.graph());
            ArenaPlan plan = c.plan();
            for (CModel.Step s : c.steps()) {
                Operator op = m.graph().operators.get(s.index());
                if (s.paramsRecord() instanceof ConvGemm p) {
                    seen.add("gemm mode " + p.fast());
                    if (p.chunks() > 1) seen.add("chunks");
                    if (p.wide() == 1) seen.add("wide");
                    if (p.direct() == 1) seen.add("direct");
                    if (p.pool().h() > 0) seen.add("pool");
                    if (p.outDepth() % 2 == 1) seen.add("odd channels");
                    if (p.inDepth() % 4 != 0 && p.direct() == 1) seen.add("fc depth not a multiple of 4");
                    int out = p.pool().h() > 0 ? m.graph().operators.get(s.index() + 1).output(0) : op.output(0);
                    if (plan.offsetOf(out) == plan.offsetOf(op.input(0))) seen.add("gemm output over its input");
                } else if (s.paramsRecord() instanceof Depthwise3x3 p) {
                    seen.add("dw mode " + p.fast());
                    if (plan.offsetOf(op.output(0)) == plan.offsetOf(op.input(0))) seen.add("dw in place");
                    if (p.padH() == 0) seen.add("dw valid");
                }
            }
        }
        assertThat(seen).containsAll(List.of("gemm mode 0", "gemm mode 1", "gemm mode 2", "chunks", "wide", "direct", "pool",
            "odd channels", "fc depth not a multiple of 4", "gemm output over its input", "dw mode 2", "dw in place", "dw valid"));
    }
}
