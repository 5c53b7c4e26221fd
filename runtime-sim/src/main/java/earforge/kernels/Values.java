package earforge.kernels;

import earforge.EarforgeException;
import earforge.ir.DType;
import earforge.ir.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Typed arrays that hold tensor values at run time, and their conversion from/to little-endian bytes. */
public final class Values {
    private Values() {}

    public static Object alloc(DType type, int n) {
        return switch (type) {
            case FLOAT32 -> new float[n];
            case INT8, UINT8, BOOL -> new byte[n];
            case INT16 -> new short[n];
            case INT32 -> new int[n];
            case INT64 -> new long[n];
        };
    }

    public static Object alloc(Tensor t) { return alloc(t.type, t.elements()); }

    /** Decodes little-endian bytes into the typed array for {@code type}. */
    public static Object decode(DType type, byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int n = bytes.length / type.bytes;
        switch (type) {
            case FLOAT32: { float[] a = new float[n]; b.asFloatBuffer().get(a); return a; }
            case INT16: { short[] a = new short[n]; b.asShortBuffer().get(a); return a; }
            case INT32: { int[] a = new int[n]; b.asIntBuffer().get(a); return a; }
            case INT64: { long[] a = new long[n]; b.asLongBuffer().get(a); return a; }
            default: return bytes.clone();
        }
    }

    /** Encodes a typed array as little-endian bytes. */
    public static byte[] encode(Object a) {
        if (a instanceof byte[] x) return x.clone();
        int n = length(a);
        int eb = a instanceof short[] ? 2 : a instanceof long[] ? 8 : 4;
        ByteBuffer b = ByteBuffer.allocate(n * eb).order(ByteOrder.LITTLE_ENDIAN);
        if (a instanceof float[] x) b.asFloatBuffer().put(x);
        else if (a instanceof short[] x) b.asShortBuffer().put(x);
        else if (a instanceof int[] x) b.asIntBuffer().put(x);
        else if (a instanceof long[] x) b.asLongBuffer().put(x);
        return b.array();
    }

    public static int length(Object a) {
        if (a instanceof byte[] x) return x.length;
        if (a instanceof float[] x) return x.length;
        if (a instanceof short[] x) return x.length;
        if (a instanceof int[] x) return x.length;
        if (a instanceof long[] x) return x.length;
        throw new IllegalArgumentException("not a value array: " + a);
    }

    /** Which DType a value array can hold (INT8 for byte[]). */
    public static boolean fits(DType type, Object a) {
        return switch (type) {
            case FLOAT32 -> a instanceof float[];
            case INT8, UINT8, BOOL -> a instanceof byte[];
            case INT16 -> a instanceof short[];
            case INT32 -> a instanceof int[];
            case INT64 -> a instanceof long[];
        };
    }

    /** Constant data of a tensor as a typed array; the kernel names the role for the error. */
    public static Object constant(Tensor t, String role) {
        if (t.data == null) throw EarforgeException.of("%s tensor '%s' must be a constant", role, t.name);
        return decode(t.type, t.data);
    }
}
