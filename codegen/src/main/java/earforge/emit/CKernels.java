package earforge.emit;

import earforge.EarforgeException;
import earforge.ir.Graph;
import earforge.ir.OpType;
import earforge.ir.Operator;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.TreeMap;

/**
 * The C kernel of each operator: its Java kernel class (whose {@code int8Params(Graph, Operator)} record is the
 * kernel's parameter struct), the C file name (the Java class name in snake case: FullyConnected ->
 * fully_connected.c, function earforge_fully_connected) and the C call's tensor arguments. The call is
 * {@code earforge_NAME(&params, inputs..., outputs...[, size])}: the listed operator inputs in order (an absent
 * optional input is NULL), or, for {@code allInputs}, one array of all input pointers; {@code size} appends the
 * element count of input 0 (the element-wise kernels, whose Java loops run over {@code in.length}).
 * RESHAPE and SQUEEZE have no kernel: they share their input's bytes or are a copy.
 */
public final class CKernels {
    private CKernels() {}

    public record Spec(OpType type, String javaClass, String c, int[] tensorInputs, boolean allInputs, boolean size) {
        public boolean isCopy() { return c == null; }
        public String function() { return "earforge_" + c; }
    }

    private static final Map<OpType, Spec> SPECS = new TreeMap<>();
    static {
        add(OpType.FULLY_CONNECTED, "FullyConnected", 0, 1, 2);
        add(OpType.CONV_2D, "Conv2D", 0, 1, 2);
        add(OpType.DEPTHWISE_CONV_2D, "DepthwiseConv2D", 0, 1, 2);
        add(OpType.AVERAGE_POOL_2D, "AveragePool2D", 0);
        add(OpType.MAX_POOL_2D, "MaxPool2D", 0);
        add(OpType.SOFTMAX, "Softmax", 0);
        add(OpType.ADD, "Add", 0, 1);
        add(OpType.MUL, "Mul", 0, 1);
        add(OpType.MEAN, "Mean", 0);
        add(OpType.PAD, "Pad", 0);
        elementwise(OpType.RELU, "Relu", "relu");
        elementwise(OpType.RELU6, "Relu6", "relu");   // Relu6 extends Relu: same record, same loop
        elementwise(OpType.LEAKY_RELU, "LeakyRelu", "leaky_relu");
        elementwise(OpType.LOGISTIC, "Logistic", "logistic");
        elementwise(OpType.TANH, "Tanh", "tanh");
        elementwise(OpType.QUANTIZE, "Quantize", "quantize");
        SPECS.put(OpType.CONCATENATION, new Spec(OpType.CONCATENATION, "Concatenation", "concatenation", new int[0], true, false));
        SPECS.put(OpType.RESHAPE, new Spec(OpType.RESHAPE, "Reshape", null, new int[] {0}, false, false));
        SPECS.put(OpType.SQUEEZE, new Spec(OpType.SQUEEZE, "Squeeze", null, new int[] {0}, false, false));
    }

    private static void add(OpType t, String javaClass, int... inputs) {
        SPECS.put(t, new Spec(t, javaClass, snake(javaClass), inputs, false, false));
    }

    private static void elementwise(OpType t, String javaClass, String c) {
        SPECS.put(t, new Spec(t, javaClass, c, new int[] {0}, false, true));
    }

    public static boolean supports(OpType t) { return SPECS.containsKey(t); }

    public static Map<OpType, Spec> all() { return java.util.Collections.unmodifiableMap(SPECS); }

    public static Spec of(Operator op, int index) {
        Spec s = SPECS.get(op.type);
        if (s == null) {
            throw EarforgeException.of("operator %d (%s) has no C kernel yet; the C generator supports %s", index, op.type,
                SPECS.keySet());
        }
        return s;
    }

    /** The int8 parameter record of the operator, computed by the Java kernel, or null when it has none. */
    public static Record int8Params(Spec s, Graph g, Operator op) {
        Method m;
        try {
            m = Class.forName("earforge.kernels." + s.javaClass()).getMethod("int8Params", Graph.class, Operator.class);
        } catch (ClassNotFoundException | NoSuchMethodException e) {
            return null;
        }
        try {
            return (Record) m.invoke(null, g, op);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException re) throw re;
            throw new EarforgeException(op.type + ": " + e.getCause(), e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    /** FullyConnected -> fully_connected, Conv2D -> conv2d, DepthwiseConv2D -> depthwise_conv2d, input1Offset -> input1_offset. */
    public static String snake(String camel) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < camel.length(); i++) {
            char c = camel.charAt(i);
            boolean startsWord = i > 0 && (Character.isLowerCase(camel.charAt(i - 1))
                || Character.isDigit(camel.charAt(i - 1)) && i + 1 < camel.length() && Character.isLowerCase(camel.charAt(i + 1)));
            if (Character.isUpperCase(c) && startsWord) sb.append('_');
            sb.append(Character.toLowerCase(c));
        }
        return sb.toString();
    }
}
