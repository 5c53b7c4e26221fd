package earforge.codegen;

import static earforge.ir.Activation.NONE;
import static earforge.ir.Activation.RELU;
import static earforge.ir.Activation.RELU6;
import static earforge.ir.Padding.SAME;
import static earforge.ir.Padding.VALID;

import earforge.ir.DType;
import earforge.ir.Graph;
import earforge.ir.OpType;
import earforge.ir.Quant;
import earforge.ir.Tensor;
import earforge.kernels.Values;
import java.util.List;

/**
 * Small int8 models that drive every path of the fast kernels (conv_gemm, depthwise3x3; earforge_simd.h): odd channel
 * counts, padding, strides, dilation, patches split into filter rows, widened weights, fused max pools (overlapping and
 * gapped windows), fully connected rows whose depth is not a multiple of 4, outputs written over inputs, and each
 * requantization mode. {@code kernels} lists the C kernels the optimized lowering must pick for the model, in step
 * order ("fused" for a pool run by the convolution before it), so a test on these models tests what it names.
 */
public final class FastKernelModels {
    private FastKernelModels() {}

    public record Model(String name, Graph graph, List<String> kernels) {}

    public static List<Model> all() {
        return List.of(
            model("pointwise chain, odd channels, outputs over inputs", 11, List.of("conv_gemm", "conv_gemm"), b -> {
                Tensor x = b.conv(b.input(1, 7, 5, 13), 11, 1, 1, 1, 1, 1, 1, VALID, NONE, true, true);
                return b.outputs(b.conv(x, 9, 1, 1, 1, 1, 1, 1, VALID, RELU, true, true));
            }),
            model("conv 3x3 same stride 2, 5 -> 7 channels, relu6", 12, List.of("conv_gemm"),
                b -> b.outputs(b.conv(b.input(1, 9, 11, 5), 7, 3, 3, 2, 2, 1, 1, SAME, RELU6, true, true))),
            model("conv 5x5 dilation 2 valid, patch split into filter rows", 13, List.of("conv_gemm"),
                b -> b.outputs(b.conv(b.input(1, 12, 10, 20), 6, 5, 5, 1, 1, 2, 2, VALID, NONE, true, true))),
            model("conv 3x3 same on 320 pixels: widened weights, depth 3", 14, List.of("conv_gemm"),
                b -> b.outputs(b.conv(b.input(1, 20, 16, 3), 10, 3, 3, 1, 1, 1, 1, SAME, NONE, false, true))),
            model("conv + max pool 3x3 stride 2 same (overlapping windows)", 15, List.of("conv_gemm", "fused"), b -> {
                Tensor x = b.conv(b.input(1, 13, 11, 6), 8, 3, 3, 1, 1, 1, 1, SAME, NONE, true, true);
                return b.outputs(b.pool(OpType.MAX_POOL_2D, x, 3, 3, 2, 2, SAME, NONE));
            }),
            model("conv + max pool 2x3 stride 3x2 valid (gaps), relu, then pointwise", 16, List.of("conv_gemm", "fused", "conv_gemm"), b -> {
                Tensor x = b.conv(b.input(1, 14, 13, 1), 5, 5, 5, 1, 1, 1, 1, SAME, RELU, true, true);
                x = b.pool(OpType.MAX_POOL_2D, x, 2, 3, 3, 2, VALID, RELU6);
                return b.outputs(b.conv(x, 3, 1, 1, 1, 1, 1, 1, VALID, NONE, true, true));
            }),
            model("depthwise 3x3 same 9x7x6 (in place) then valid 5 channels relu", 17, List.of("depthwise3x3", "conv_gemm", "depthwise3x3"), b -> {
                Tensor x = b.depthwise(b.input(1, 9, 7, 6), 1, 3, 3, 1, 1, 1, 1, SAME, NONE, true, true);
                x = b.conv(x, 5, 1, 1, 1, 1, 1, 1, VALID, NONE, true, true);
                return b.outputs(b.depthwise(x, 1, 3, 3, 1, 1, 1, 1, VALID, RELU, true, false));
            }),
            model("fully connected 3 rows of 350 -> 30, and a small one", 18, List.of("conv_gemm", "fully_connected"), b -> {
                Tensor x = b.fc(b.input(3, 350), 30, true, true, RELU);
                return b.outputs(b.fc(x, 4, false, true, NONE));
            }),
            model("depthwise 5x4 stride 2 on one channel, multiplier 6: a convolution", 20, List.of("conv_gemm"),
                b -> b.outputs(b.depthwise(b.input(1, 12, 10, 1), 6, 5, 4, 2, 2, 1, 1, SAME, RELU, true, true))),
            model("requantization: left shift (mode 0) and a large bias (mode 1)", 19, List.of("conv_gemm", "conv_gemm", "depthwise3x3"), b -> {
                Tensor x = b.conv(b.input(1, 6, 5, 4), 6, 3, 3, 1, 1, 1, 1, SAME, NONE, true, true);
                x.quant = Quant.perTensor(x.quant.scale() / 4000, x.quant.zp());   // real multiplier > 1: a left shift
                Tensor y = b.conv(x, 5, 1, 1, 1, 1, 1, 1, VALID, NONE, true, true);
                largeBias(b.g, (1 << 30) + 12345);
                return b.outputs(b.depthwise(y, 1, 3, 3, 1, 1, 1, 1, SAME, NONE, true, true));
            }));
    }

    private static Model model(String name, long seed, List<String> kernels, java.util.function.Function<OpGraphs, Graph> build) {
        Graph g = build.apply(new OpGraphs(seed));
        g.name = "fast_model";
        return new Model(name, g, kernels);
    }

    /** Sets every bias of the last CONV_2D so far to about {@code v}: its accumulators' bound exceeds 2^30. */
    private static void largeBias(Graph g, int v) {
        for (int k = g.operators.size() - 1; k >= 0; k--) {
            var op = g.operators.get(k);
            if (op.type != OpType.CONV_2D || op.input(2) < 0) continue;
            Tensor bias = g.tensor(op.input(2));
            int[] b = (int[]) Values.decode(DType.INT32, bias.data);
            for (int i = 0; i < b.length; i++) b[i] = v + (i % 2 == 0 ? i : -i);
            bias.data = Values.encode(b);
            return;
        }
    }
}
