package earforge.tflite;

import earforge.EarforgeException;
import earforge.ir.Activation;
import earforge.ir.DType;
import earforge.ir.Graph;
import earforge.ir.OpType;
import earforge.ir.Options;
import earforge.ir.Padding;
import earforge.ir.Quant;
import earforge.ir.Shapes;
import earforge.ir.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.tensorflow.lite.schema.BuiltinOptions;
import org.tensorflow.lite.schema.Conv2DOptions;
import org.tensorflow.lite.schema.ConcatenationOptions;
import org.tensorflow.lite.schema.DepthwiseConv2DOptions;
import org.tensorflow.lite.schema.FullyConnectedOptions;
import org.tensorflow.lite.schema.LeakyReluOptions;
import org.tensorflow.lite.schema.Model;
import org.tensorflow.lite.schema.Pool2DOptions;
import org.tensorflow.lite.schema.QuantizationParameters;
import org.tensorflow.lite.schema.ReducerOptions;
import org.tensorflow.lite.schema.ReshapeOptions;
import org.tensorflow.lite.schema.SoftmaxOptions;
import org.tensorflow.lite.schema.SqueezeOptions;
import org.tensorflow.lite.schema.SubGraph;

/**
 * Reads a .tflite flatbuffer into the IR. Never trusts the file: every vector length and offset is checked
 * against the file size before anything is allocated, and any decoding fault becomes an {@link EarforgeException}.
 */
public final class TfliteReader {
    /** Refuse files and tensors beyond this (the largest MCU model is far smaller). */
    public static final long MAX_FILE_BYTES = 256L << 20;
    public static final long MAX_TENSOR_ELEMENTS = 64L << 20;
    /** Refuse graphs beyond these before building them (MCU models have hundreds; a vector of offsets can repeat one table). */
    public static final int MAX_TENSORS = 1 << 16, MAX_OPERATORS = 1 << 16;
    /** All activation (non-constant) tensors together: the simulator allocates each of them. */
    public static final long MAX_ACTIVATION_BYTES = 1L << 30;

    private final ByteBuffer bb;
    private final String source;
    /**
     * What decoding may still allocate (strings, buffers, scales). A flatbuffer can point many tables at one big
     * vector, so a small file could declare gigabytes; real files store each vector once and stay far below this.
     */
    private long budget;

    private TfliteReader(ByteBuffer bb, String source) {
        this.bb = bb;
        this.source = source;
        this.budget = 4L * bb.capacity() + (1 << 20);
    }

    /** Charges {@code bytes} of decoded data against the budget before allocating it. */
    private void charge(long bytes) {
        budget -= bytes;
        if (budget < 0) throw bad("corrupt .tflite file (its tables repeat references to the same data beyond any real model)");
    }

    public static Graph read(Path path) {
        byte[] bytes;
        try {
            long size = Files.size(path);
            if (size > MAX_FILE_BYTES) throw EarforgeException.of("%s: file too large for a microcontroller model (%d bytes)", path, size);
            bytes = Files.readAllBytes(path);
        } catch (IOException e) {
            throw EarforgeException.of("%s: cannot read (%s)", path, e.getMessage());
        }
        Graph g = read(bytes, path.toString());
        String file = path.getFileName().toString();
        g.name = file.endsWith(".tflite") ? file.substring(0, file.length() - 7) : file;
        return g;
    }

    public static Graph read(byte[] bytes, String source) {
        if (bytes.length < 8) throw EarforgeException.of("%s: not a .tflite file (only %d bytes)", source, bytes.length);
        ByteBuffer bb = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (!Model.ModelBufferHasIdentifier(bb)) {
            throw EarforgeException.of("%s: not a .tflite file (missing TFL3 identifier)", source);
        }
        try {
            return new TfliteReader(bb, source).readModel();
        } catch (EarforgeException e) {
            throw e;
        } catch (IndexOutOfBoundsException e) {
            // flatbuffers-java has no verifier: its bounds-checked ByteBuffer reads are the check
            throw new EarforgeException(source + ": truncated or corrupt .tflite file (an offset points outside the file)", e);
        } catch (RuntimeException | OutOfMemoryError | StackOverflowError e) {
            // last resort; the cause is kept so the fuzz tests can tell a reader bug from a corrupt file
            throw new EarforgeException(source + ": corrupt .tflite file (undecodable flatbuffer)", e);
        }
    }

    private EarforgeException bad(String fmt, Object... args) {
        return new EarforgeException(source + ": " + String.format(fmt, args));
    }

    /** A vector's length must fit in what is left of the file. */
    private int checkLen(int len, int elemBytes, String what) {
        if (len < 0 || (long) len * elemBytes > bb.capacity()) throw bad("corrupt .tflite file (%s length %d)", what, len);
        return len;
    }

    private Graph readModel() {
        Model m = Model.getRootAsModel(bb);
        int nsub = checkLen(m.subgraphsLength(), 4, "subgraphs");
        if (nsub < 1) throw bad("model has no subgraph");
        int ncodes = checkLen(m.operatorCodesLength(), 4, "operator codes");
        if (ncodes > MAX_OPERATORS) throw bad("model has %d operator codes (at most %d supported)", ncodes, MAX_OPERATORS);
        int[] codes = new int[ncodes];
        String[] custom = new String[ncodes];
        for (int i = 0; i < ncodes; i++) {
            var oc = m.operatorCodes(i);
            // Old converters leave builtin_code 0 and keep the code in deprecated_builtin_code.
            codes[i] = Math.max(oc.builtinCode(), oc.deprecatedBuiltinCode());
            custom[i] = string(oc.customCodeAsByteBuffer());
        }
        int nbuf = checkLen(m.buffersLength(), 4, "buffers");
        SubGraph sg = m.subgraphs(0);
        Graph g = new Graph();
        int nt = checkLen(sg.tensorsLength(), 4, "tensors");
        if (nt > MAX_TENSORS) throw bad("model has %d tensors (at most %d supported)", nt, MAX_TENSORS);
        long activationBytes = 0;
        for (int i = 0; i < nt; i++) {
            Tensor t = readTensor(m, sg.tensors(i), i, nbuf);
            g.tensors.add(t);
            if (!t.isConstant()) activationBytes += (long) t.elements() * t.type.bytes;
            if (activationBytes > MAX_ACTIVATION_BYTES) {
                throw bad("model declares more than %d MiB of activation tensors (at tensor '%s' %s); refusing to allocate them",
                    MAX_ACTIVATION_BYTES >> 20, t.name, java.util.Arrays.toString(t.shape));
            }
        }
        g.inputs = indices(sg.inputsAsByteBuffer(), sg.inputsLength(), nt, "subgraph inputs");
        g.outputs = indices(sg.outputsAsByteBuffer(), sg.outputsLength(), nt, "subgraph outputs");
        int nops = checkLen(sg.operatorsLength(), 4, "operators");
        if (nops > MAX_OPERATORS) throw bad("model has %d operators (at most %d supported)", nops, MAX_OPERATORS);
        for (int i = 0; i < nops; i++) {
            var op = sg.operators(i);
            long oi = op.opcodeIndex();
            if (oi < 0 || oi >= ncodes) throw bad("operator %d has opcode index %d out of range", i, oi);
            int code = codes[(int) oi];
            OpType type = OpType.fromCode(code);
            if (type == null) {
                String name = code == 32 && custom[(int) oi] != null ? "custom op '" + custom[(int) oi] + "'" : opName(code);
                throw bad("unsupported operator %s (operator %d); supported: %s", name, i, OpType.supportedList());
            }
            int[] in = indicesAllowAbsent(op.inputsAsByteBuffer(), op.inputsLength(), nt, "operator inputs");
            int[] out = indices(op.outputsAsByteBuffer(), op.outputsLength(), nt, "operator outputs");
            g.addOperator(type, in, out, options(type, op));
        }
        return g;
    }

    private Tensor readTensor(Model m, org.tensorflow.lite.schema.Tensor t, int index, int nbuf) {
        String name = string(t.nameAsByteBuffer());
        if (name == null) name = "t" + index;
        charge(64);
        DType type = DType.fromTflite(t.type());
        if (type == null) throw bad("tensor '%s' has unsupported type code %d", name, t.type());
        int rank = checkLen(t.shapeLength(), 4, "shape");
        if (rank > 8) throw bad("tensor '%s' has rank %d (at most 8 supported)", name, rank);
        int[] shape = new int[rank];
        long elems = 1;
        for (int j = 0; j < rank; j++) {
            shape[j] = t.shape(j);
            if (shape[j] < 0) throw bad("tensor '%s' has dynamic or negative dimension %d", name, shape[j]);
            elems *= shape[j];
            if (elems > MAX_TENSOR_ELEMENTS) throw bad("tensor '%s' is too large (%d+ elements)", name, elems);
        }
        Quant q = quant(t.quantization(), name, shape);
        byte[] data = null;
        long bi = t.buffer();
        if (bi < 0 || bi >= Math.max(nbuf, 1)) throw bad("tensor '%s' refers to buffer %d of %d", name, bi, nbuf);
        if (bi > 0) {
            ByteBuffer d = m.buffers((int) bi).dataAsByteBuffer();
            if (d != null && d.remaining() > 0) {
                long want = elems * type.bytes;
                if (d.remaining() != want) {
                    throw bad("tensor '%s' %s needs %d bytes but its buffer has %d", name,
                        java.util.Arrays.toString(shape), want, d.remaining());
                }
                charge(d.remaining());
                data = new byte[d.remaining()];
                d.get(data);
            }
        }
        return new Tensor(index, name, type, shape, q, data);
    }

    private Quant quant(QuantizationParameters qp, String name, int[] shape) {
        if (qp == null) return null;
        int ns = checkLen(qp.scaleLength(), 4, "scales");
        int nz = checkLen(qp.zeroPointLength(), 8, "zero points");
        if (ns == 0) return null;
        charge(12L * ns);
        if (nz != ns && nz != 0 && nz != 1) throw bad("tensor '%s' has %d scales but %d zero points", name, ns, nz);
        float[] s = new float[ns];
        long[] z = new long[ns];
        for (int i = 0; i < ns; i++) {
            s[i] = qp.scale(i);
            z[i] = nz == 0 ? 0 : qp.zeroPoint(nz == 1 ? 0 : i);
        }
        int axis = qp.quantizedDimension();
        if (ns == 1) axis = 0;
        else {
            // TFLM-era files put quantized_dimension = 3 on rank-1 bias tensors: normalize to the only axis.
            if (shape.length == 1) axis = 0;
            if (axis < 0 || axis >= shape.length || shape[axis] != ns) {
                throw bad("tensor '%s' has %d per-channel scales that do not match axis %d of its shape", name, ns, axis);
            }
        }
        return new Quant(s, z, axis);
    }

    private int[] indices(ByteBuffer v, int len, int nt, String what) {
        int[] r = indicesAllowAbsent(v, len, nt, what);
        for (int x : r) if (x < 0) throw bad("%s refer to tensor %d of %d", what, x, nt);
        return r;
    }

    private int[] indicesAllowAbsent(ByteBuffer v, int len, int nt, String what) {
        checkLen(len, 4, what);
        if (len == 0) return new int[0];
        charge(4L * len);
        if (v == null || v.remaining() < 4L * len) throw bad("corrupt .tflite file (%s)", what);
        v.order(ByteOrder.LITTLE_ENDIAN);
        int[] r = new int[len];
        for (int i = 0; i < len; i++) {
            r[i] = v.getInt();
            if (r[i] < -1 || r[i] >= nt) throw bad("%s refer to tensor %d of %d", what, r[i], nt);
        }
        return r;
    }

    private String string(ByteBuffer b) {
        if (b == null) return null;
        charge(b.remaining());
        byte[] a = new byte[b.remaining()];
        b.get(a);
        return new String(a, StandardCharsets.UTF_8);
    }

    private Options options(OpType type, org.tensorflow.lite.schema.Operator op) {
        byte ot = op.builtinOptionsType();
        switch (type) {
            case CONV_2D: {
                Conv2DOptions o = ot == BuiltinOptions.Conv2DOptions ? (Conv2DOptions) op.builtinOptions(new Conv2DOptions()) : null;
                if (o == null) throw bad("CONV_2D without Conv2DOptions");
                return new Options.Conv(padding(o.padding()), pos(o.strideH()), pos(o.strideW()),
                    pos(o.dilationHFactor()), pos(o.dilationWFactor()), act(o.fusedActivationFunction()));
            }
            case DEPTHWISE_CONV_2D: {
                var o = ot == BuiltinOptions.DepthwiseConv2DOptions
                    ? (DepthwiseConv2DOptions) op.builtinOptions(new DepthwiseConv2DOptions()) : null;
                if (o == null) throw bad("DEPTHWISE_CONV_2D without DepthwiseConv2DOptions");
                return new Options.DepthwiseConv(padding(o.padding()), pos(o.strideH()), pos(o.strideW()),
                    pos(o.dilationHFactor()), pos(o.dilationWFactor()), o.depthMultiplier(), act(o.fusedActivationFunction()));
            }
            case MAX_POOL_2D: case AVERAGE_POOL_2D: {
                var o = ot == BuiltinOptions.Pool2DOptions ? (Pool2DOptions) op.builtinOptions(new Pool2DOptions()) : null;
                if (o == null) throw bad("%s without Pool2DOptions", type);
                return new Options.Pool(padding(o.padding()), pos(o.strideH()), pos(o.strideW()),
                    pos(o.filterHeight()), pos(o.filterWidth()), act(o.fusedActivationFunction()));
            }
            case FULLY_CONNECTED: {
                var o = ot == BuiltinOptions.FullyConnectedOptions
                    ? (FullyConnectedOptions) op.builtinOptions(new FullyConnectedOptions()) : null;
                if (o == null) return new Options.FullyConnected(Activation.NONE, false);
                if (o.weightsFormat() != 0) throw bad("FULLY_CONNECTED with shuffled weights is not supported");
                return new Options.FullyConnected(act(o.fusedActivationFunction()), o.keepNumDims());
            }
            case ADD: case MUL: {
                // builtinOptions() is null when the type is set but the table is absent: defaults then
                if (ot == BuiltinOptions.AddOptions) {
                    var o = (org.tensorflow.lite.schema.AddOptions) op.builtinOptions(new org.tensorflow.lite.schema.AddOptions());
                    if (o != null) return new Options.Arith(act(o.fusedActivationFunction()));
                }
                if (ot == BuiltinOptions.MulOptions) {
                    var o = (org.tensorflow.lite.schema.MulOptions) op.builtinOptions(new org.tensorflow.lite.schema.MulOptions());
                    if (o != null) return new Options.Arith(act(o.fusedActivationFunction()));
                }
                return new Options.Arith(Activation.NONE);
            }
            case CONCATENATION: {
                var o = ot == BuiltinOptions.ConcatenationOptions
                    ? (ConcatenationOptions) op.builtinOptions(new ConcatenationOptions()) : null;
                if (o == null) throw bad("CONCATENATION without ConcatenationOptions");
                return new Options.Concat(o.axis(), act(o.fusedActivationFunction()));
            }
            case RESHAPE: {
                if (ot != BuiltinOptions.ReshapeOptions) return new Options.Reshape(null);
                var o = (ReshapeOptions) op.builtinOptions(new ReshapeOptions());
                if (o == null) return new Options.Reshape(null);
                int n = checkLen(o.newShapeLength(), 4, "new_shape");
                charge(4L * n);
                int[] s = new int[n];
                for (int i = 0; i < n; i++) s[i] = o.newShape(i);
                return new Options.Reshape(s);
            }
            case SQUEEZE: {
                if (ot != BuiltinOptions.SqueezeOptions) return new Options.Squeeze(new int[0]);
                var o = (SqueezeOptions) op.builtinOptions(new SqueezeOptions());
                if (o == null) return new Options.Squeeze(new int[0]);
                int n = checkLen(o.squeezeDimsLength(), 4, "squeeze_dims");
                charge(4L * n);
                int[] s = new int[n];
                for (int i = 0; i < n; i++) s[i] = o.squeezeDims(i);
                return new Options.Squeeze(s);
            }
            case SOFTMAX: {
                var o = ot == BuiltinOptions.SoftmaxOptions ? (SoftmaxOptions) op.builtinOptions(new SoftmaxOptions()) : null;
                return new Options.Softmax(o == null ? 1f : o.beta());
            }
            case MEAN: {
                var o = ot == BuiltinOptions.ReducerOptions ? (ReducerOptions) op.builtinOptions(new ReducerOptions()) : null;
                return new Options.Reduce(o != null && o.keepDims());
            }
            case LEAKY_RELU: {
                var o = ot == BuiltinOptions.LeakyReluOptions ? (LeakyReluOptions) op.builtinOptions(new LeakyReluOptions()) : null;
                return new Options.LeakyRelu(o == null ? 0.2f : o.alpha());
            }
            default:
                return Options.NONE;
        }
    }

    private Padding padding(byte p) {
        if (p == 0) return Padding.SAME;
        if (p == 1) return Padding.VALID;
        throw bad("unknown padding code %d", p);
    }

    private Activation act(byte code) {
        Activation a = Activation.fromCode(code);
        if (a == null || a == Activation.SIGN_BIT) throw bad("unsupported fused activation code %d", code);
        return a;
    }

    private int pos(int v) {
        if (v < 1 || v > 4096) throw bad("stride, dilation or filter size %d out of range", v);
        return v;
    }

    /** Name of a builtin op code for error messages, from the schema's own table. */
    static String opName(int code) {
        try {
            return org.tensorflow.lite.schema.BuiltinOperator.name(code);
        } catch (RuntimeException e) {
            return "#" + code;
        }
    }
}
