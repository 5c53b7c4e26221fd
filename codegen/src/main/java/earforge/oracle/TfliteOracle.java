package earforge.oracle;

import earforge.EarforgeException;
import earforge.ir.DType;
import earforge.kernels.Values;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.javacpp.BytePointer;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;
import jdk.incubator.foreign.CLinker;
import jdk.incubator.foreign.FunctionDescriptor;
import jdk.incubator.foreign.MemoryAddress;
import jdk.incubator.foreign.SymbolLookup;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.tensorflowlite.BuiltinOpResolverWithoutDefaultDelegates;
import org.bytedeco.tensorflowlite.OpResolver;
import org.bytedeco.tensorflowlite.FlatBufferModel;
import org.bytedeco.tensorflowlite.Interpreter;
import org.bytedeco.tensorflowlite.InterpreterBuilder;
import org.bytedeco.tensorflowlite.TfLiteTensor;

/**
 * The real TensorFlow Lite interpreter (C++ via JavaCPP), plain CPU kernels without XNNPACK:
 * the independent implementation earforge's simulator is checked against. Single-threaded.
 */
public final class TfliteOracle implements AutoCloseable {
    private final BytePointer modelBytes;   // must outlive the interpreter
    private final FlatBufferModel model;
    private final OpResolver resolver;
    private final Interpreter interpreter;

    /** TFLite with its reference kernels (the oracle). */
    public TfliteOracle(byte[] tflite) { this(tflite, false); }

    /** TFLite with its default optimized CPU kernels (no XNNPACK): for speed comparisons, not for bit-exactness. */
    public static TfliteOracle optimized(byte[] tflite) { return new TfliteOracle(tflite, true); }

    private TfliteOracle(byte[] tflite, boolean optimized) {
        modelBytes = new BytePointer(tflite.length);
        modelBytes.put(tflite);
        model = FlatBufferModel.BuildFromBuffer(modelBytes, tflite.length);
        if (model == null || model.isNull()) throw new EarforgeException("TFLite could not load the model");
        resolver = optimized ? new BuiltinOpResolverWithoutDefaultDelegates() : referenceResolver();
        interpreter = new Interpreter((org.bytedeco.javacpp.Pointer) null);
        InterpreterBuilder builder = new InterpreterBuilder(model, resolver);
        if (builder.apply(interpreter) != 0) throw new EarforgeException("TFLite could not build an interpreter for the model");
        interpreter.SetNumThreads(1);
        if (interpreter.AllocateTensors() != 0) throw new EarforgeException("TFLite could not allocate the model's tensors");
    }

    /** Itanium-mangled complete-object constructor of tflite::ops::builtin::BuiltinRefOpResolver. */
    private static final String REF_CTOR = "_ZN6tflite3ops7builtin20BuiltinRefOpResolverC1Ev";
    /** Generous upper bound of sizeof(BuiltinRefOpResolver) (a MutableOpResolver: two hash maps and a vector). */
    private static final int REF_RESOLVER_BYTES = 4096;

    /**
     * TFLite's reference kernels (the code TFLM's kernels share), not the optimized ones: the optimized int8
     * FULLY_CONNECTED/CONV_2D round the final shift half-up and differ from the reference by 1 LSB. JavaCPP does
     * not wrap BuiltinRefOpResolver, but the library exports its constructor, so it is called through the JDK's
     * foreign linker on memory JavaCPP owns, and the object is then used through the OpResolver interface.
     */
    private static OpResolver referenceResolver() {
        Loader.load(org.bytedeco.tensorflowlite.global.tensorflowlite.class);
        MemoryAddress ctor = SymbolLookup.loaderLookup().lookup(REF_CTOR)
            .orElseThrow(() -> new EarforgeException("TFLite library does not export BuiltinRefOpResolver"));
        MethodHandle h = CLinker.getInstance().downcallHandle(ctor,
            MethodType.methodType(void.class, MemoryAddress.class), FunctionDescriptor.ofVoid(CLinker.C_POINTER));
        BytePointer mem = new BytePointer(REF_RESOLVER_BYTES);
        mem.zero();
        try {
            h.invokeExact(MemoryAddress.ofLong(mem.address()));
        } catch (Throwable t) {
            throw new EarforgeException("cannot construct TFLite's reference op resolver: " + t);
        }
        return new OpResolver(mem);
    }

    public static TfliteOracle of(Path path) {
        try {
            return new TfliteOracle(Files.readAllBytes(path));
        } catch (java.io.IOException e) {
            throw EarforgeException.of("%s: cannot read (%s)", path, e.getMessage());
        }
    }

    public int inputCount() { return (int) interpreter.inputs().limit(); }

    /** Runs one inference. Inputs and outputs are typed arrays as in {@link earforge.sim.Simulator}. */
    public Object[] run(Object... inputs) {
        for (int i = 0; i < inputs.length; i++) {
            TfLiteTensor t = interpreter.input_tensor(i);
            byte[] raw = Values.encode(inputs[i]);
            if (raw.length != t.bytes()) {
                throw EarforgeException.of("TFLite input %d takes %d bytes, got %d", i, t.bytes(), raw.length);
            }
            t.data().raw().capacity(raw.length).put(raw);
        }
        if (interpreter.Invoke() != 0) throw new EarforgeException("TFLite Invoke failed");
        int n = (int) interpreter.outputs().limit();
        Object[] out = new Object[n];
        for (int i = 0; i < n; i++) out[i] = read(interpreter.output_tensor(i));
        return out;
    }

    private static Object read(TfLiteTensor t) {
        // The runtime's TfLiteType numbers equal the schema's TensorType ones except float32 (1 here, 0 in the schema).
        DType type = t.type() == 1 ? DType.FLOAT32 : t.type() == 0 ? null : DType.fromTflite(t.type());
        if (type == null) throw EarforgeException.of("TFLite output has unsupported type %d", t.type());
        byte[] raw = new byte[(int) t.bytes()];
        t.data().raw().capacity(raw.length).get(raw);
        return Values.decode(type, raw);
    }

    @Override public void close() {
        interpreter.close();
        resolver.close();
        model.close();
        modelBytes.close();
    }
}
