package earforge.tflite;

import com.google.flatbuffers.FlatBufferBuilder;
import earforge.EarforgeException;
import earforge.ir.Graph;
import earforge.ir.OpType;
import earforge.ir.Operator;
import earforge.ir.Options;
import earforge.ir.Padding;
import earforge.ir.Quant;
import earforge.ir.Tensor;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.lite.schema.AddOptions;
import org.tensorflow.lite.schema.Buffer;
import org.tensorflow.lite.schema.BuiltinOptions;
import org.tensorflow.lite.schema.ConcatenationOptions;
import org.tensorflow.lite.schema.Conv2DOptions;
import org.tensorflow.lite.schema.DepthwiseConv2DOptions;
import org.tensorflow.lite.schema.FullyConnectedOptions;
import org.tensorflow.lite.schema.LeakyReluOptions;
import org.tensorflow.lite.schema.Model;
import org.tensorflow.lite.schema.MulOptions;
import org.tensorflow.lite.schema.OperatorCode;
import org.tensorflow.lite.schema.Pool2DOptions;
import org.tensorflow.lite.schema.QuantizationParameters;
import org.tensorflow.lite.schema.ReducerOptions;
import org.tensorflow.lite.schema.ReshapeOptions;
import org.tensorflow.lite.schema.SoftmaxOptions;
import org.tensorflow.lite.schema.SqueezeOptions;
import org.tensorflow.lite.schema.SubGraph;

/**
 * Writes the IR as a .tflite flatbuffer (schema v3). Buffer 0 is the empty sentinel; every constant
 * tensor gets its own buffer; activations point at buffer 0. Deterministic: same graph, same bytes.
 */
public final class TfliteWriter {
    private TfliteWriter() {}

    /** Writes atomically (temp file + rename). */
    public static void write(Graph g, Path path) {
        earforge.io.AtomicFiles.write(path, toBytes(g));
    }

    public static byte[] toBytes(Graph g) {
        FlatBufferBuilder b = new FlatBufferBuilder(1024);
        // Operator codes, in order of first use.
        List<OpType> used = new ArrayList<>();
        for (Operator op : g.operators) if (!used.contains(op.type)) used.add(op.type);
        int[] codes = new int[used.size()];
        for (int i = 0; i < codes.length; i++) {
            int c = used.get(i).code;
            codes[i] = OperatorCode.createOperatorCode(b, (byte) Math.min(c, 127), 0, 1, c);
        }
        // Buffers: sentinel, then one per constant tensor.
        List<Integer> buffers = new ArrayList<>();
        int[] bufferOf = new int[g.tensors.size()];
        Buffer.startBuffer(b);
        buffers.add(Buffer.endBuffer(b));
        for (Tensor t : g.tensors) {
            if (t.data == null || t.data.length == 0) continue;
            b.startVector(1, t.data.length, 16);   // 16-byte aligned data, as the converter does
            for (int i = t.data.length - 1; i >= 0; i--) b.addByte(t.data[i]);
            int vec = b.endVector();
            bufferOf[t.index] = buffers.size();
            buffers.add(Buffer.createBuffer(b, vec));
        }
        int[] tensors = new int[g.tensors.size()];
        for (Tensor t : g.tensors) {
            int name = b.createString(t.name == null ? "t" + t.index : t.name);
            int shape = org.tensorflow.lite.schema.Tensor.createShapeVector(b, t.shape);
            int q = t.quant == null ? 0 : quant(b, t.quant);
            org.tensorflow.lite.schema.Tensor.startTensor(b);
            org.tensorflow.lite.schema.Tensor.addShape(b, shape);
            org.tensorflow.lite.schema.Tensor.addType(b, (byte) t.type.tfliteCode);
            org.tensorflow.lite.schema.Tensor.addBuffer(b, bufferOf[t.index]);
            org.tensorflow.lite.schema.Tensor.addName(b, name);
            if (q != 0) org.tensorflow.lite.schema.Tensor.addQuantization(b, q);
            tensors[t.index] = org.tensorflow.lite.schema.Tensor.endTensor(b);
        }
        int[] ops = new int[g.operators.size()];
        for (int k = 0; k < ops.length; k++) {
            Operator op = g.operators.get(k);
            int in = org.tensorflow.lite.schema.Operator.createInputsVector(b, op.inputs);
            int out = org.tensorflow.lite.schema.Operator.createOutputsVector(b, op.outputs);
            int[] opt = options(b, op);
            org.tensorflow.lite.schema.Operator.startOperator(b);
            org.tensorflow.lite.schema.Operator.addOpcodeIndex(b, used.indexOf(op.type));
            org.tensorflow.lite.schema.Operator.addInputs(b, in);
            org.tensorflow.lite.schema.Operator.addOutputs(b, out);
            if (opt[0] != BuiltinOptions.NONE) {
                org.tensorflow.lite.schema.Operator.addBuiltinOptionsType(b, (byte) opt[0]);
                org.tensorflow.lite.schema.Operator.addBuiltinOptions(b, opt[1]);
            }
            ops[k] = org.tensorflow.lite.schema.Operator.endOperator(b);
        }
        int sg = SubGraph.createSubGraph(b, SubGraph.createTensorsVector(b, tensors),
            SubGraph.createInputsVector(b, g.inputs), SubGraph.createOutputsVector(b, g.outputs),
            SubGraph.createOperatorsVector(b, ops), b.createString(g.name == null ? "main" : g.name));
        int model = Model.createModel(b, 3, Model.createOperatorCodesVector(b, codes),
            Model.createSubgraphsVector(b, new int[] {sg}), b.createString("earforge"),
            Model.createBuffersVector(b, buffers.stream().mapToInt(Integer::intValue).toArray()), 0, 0, 0);
        Model.finishModelBuffer(b, model);
        ByteBuffer bb = b.dataBuffer();
        byte[] out = new byte[bb.remaining()];
        bb.get(out);
        return out;
    }

    private static int quant(FlatBufferBuilder b, Quant q) {
        int s = QuantizationParameters.createScaleVector(b, q.scales());
        int z = QuantizationParameters.createZeroPointVector(b, q.zeroPoints());
        QuantizationParameters.startQuantizationParameters(b);
        QuantizationParameters.addScale(b, s);
        QuantizationParameters.addZeroPoint(b, z);
        QuantizationParameters.addQuantizedDimension(b, q.axis());
        return QuantizationParameters.endQuantizationParameters(b);
    }

    private static byte pad(Padding p) { return (byte) (p == Padding.SAME ? 0 : 1); }

    /** Returns {BuiltinOptions type, offset}. */
    private static int[] options(FlatBufferBuilder b, Operator op) {
        Options o = op.options;
        if (o instanceof Options.Conv c) {
            return new int[] {BuiltinOptions.Conv2DOptions, Conv2DOptions.createConv2DOptions(b, pad(c.padding()),
                c.strideW(), c.strideH(), (byte) c.activation().code, c.dilationW(), c.dilationH())};
        }
        if (o instanceof Options.DepthwiseConv c) {
            return new int[] {BuiltinOptions.DepthwiseConv2DOptions, DepthwiseConv2DOptions.createDepthwiseConv2DOptions(b,
                pad(c.padding()), c.strideW(), c.strideH(), c.depthMultiplier(), (byte) c.activation().code,
                c.dilationW(), c.dilationH())};
        }
        if (o instanceof Options.Pool p) {
            return new int[] {BuiltinOptions.Pool2DOptions, Pool2DOptions.createPool2DOptions(b, pad(p.padding()),
                p.strideW(), p.strideH(), p.filterW(), p.filterH(), (byte) p.activation().code)};
        }
        if (o instanceof Options.FullyConnected f) {
            return new int[] {BuiltinOptions.FullyConnectedOptions, FullyConnectedOptions.createFullyConnectedOptions(b,
                (byte) f.activation().code, (byte) 0, f.keepNumDims(), false)};
        }
        if (o instanceof Options.Arith a) {
            return op.type == OpType.MUL
                ? new int[] {BuiltinOptions.MulOptions, MulOptions.createMulOptions(b, (byte) a.activation().code)}
                : new int[] {BuiltinOptions.AddOptions, AddOptions.createAddOptions(b, (byte) a.activation().code, false)};
        }
        if (o instanceof Options.Concat c) {
            return new int[] {BuiltinOptions.ConcatenationOptions,
                ConcatenationOptions.createConcatenationOptions(b, c.axis(), (byte) c.activation().code)};
        }
        if (o instanceof Options.Reshape r && r.newShape() != null) {
            int v = ReshapeOptions.createNewShapeVector(b, r.newShape());
            return new int[] {BuiltinOptions.ReshapeOptions, ReshapeOptions.createReshapeOptions(b, v)};
        }
        if (o instanceof Options.Squeeze s) {
            int v = SqueezeOptions.createSqueezeDimsVector(b, s.dims());
            return new int[] {BuiltinOptions.SqueezeOptions, SqueezeOptions.createSqueezeOptions(b, v)};
        }
        if (o instanceof Options.Softmax s) {
            return new int[] {BuiltinOptions.SoftmaxOptions, SoftmaxOptions.createSoftmaxOptions(b, s.beta())};
        }
        if (o instanceof Options.Reduce r) {
            return new int[] {BuiltinOptions.ReducerOptions, ReducerOptions.createReducerOptions(b, r.keepDims())};
        }
        if (o instanceof Options.LeakyRelu l) {
            return new int[] {BuiltinOptions.LeakyReluOptions, LeakyReluOptions.createLeakyReluOptions(b, l.alpha())};
        }
        return new int[] {BuiltinOptions.NONE, 0};
    }
}
