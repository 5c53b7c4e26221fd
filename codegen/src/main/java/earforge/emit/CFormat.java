package earforge.emit;

/** C literals and comments, formatted the same way on every machine (no locale, no platform line separator). */
final class CFormat {
    private CFormat() {}

    /** An integer literal that is valid for its C type (the minimum values are written as an expression). */
    static String integer(long v) {
        if (v == Integer.MIN_VALUE) return "(-2147483647 - 1)";
        if (v == Long.MIN_VALUE) return "(-9223372036854775807LL - 1)";
        if (v > Integer.MAX_VALUE || v < Integer.MIN_VALUE) return v + "LL";
        return Long.toString(v);
    }

    /** Exact float literal (C99 hexadecimal) with the decimal value in a comment. */
    static String floatLiteral(float f) {
        if (Float.isNaN(f)) return "NAN";
        if (Float.isInfinite(f)) return f > 0 ? "INFINITY" : "-INFINITY";
        return Float.toHexString(f) + "f /* " + f + " */";
    }

    static String doubleLiteral(double d) {
        if (Double.isNaN(d)) return "NAN";
        if (Double.isInfinite(d)) return d > 0 ? "INFINITY" : "-INFINITY";
        return Double.toHexString(d) + " /* " + d + " */";
    }

    /** Text that is safe inside a C block comment: printable ASCII, no comment terminator. */
    static String comment(String s) {
        if (s == null) return "";
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) sb.append(c >= 0x20 && c < 0x7f ? c : '?');
        return sb.toString().replace("*/", "*_/").replace("/*", "/_*");
    }

    /** Initializer body of an array: {@code perLine} values per line, indented by 4, comma separated. */
    static String body(Object values, boolean unsigned) {
        int n = length(values);
        int perLine = values instanceof byte[] ? 16 : values instanceof short[] ? 12 : 8;
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            if (i % perLine == 0) sb.append(i == 0 ? "    " : "\n    ");
            else sb.append(' ');
            sb.append(element(values, i, unsigned));
            if (i + 1 < n) sb.append(',');
        }
        return sb.toString();
    }

    private static String element(Object a, int i, boolean unsigned) {
        if (a instanceof byte[] b) return unsigned ? Integer.toString(b[i] & 0xff) : Integer.toString(b[i]);
        if (a instanceof short[] s) return Integer.toString(s[i]);
        if (a instanceof int[] x) return integer(x[i]);
        if (a instanceof long[] x) return integer(x[i]);
        if (a instanceof float[] f) return Float.isFinite(f[i]) ? Float.toHexString(f[i]) + "f" : floatLiteral(f[i]);
        throw new IllegalArgumentException("cannot format " + a.getClass());
    }

    static int length(Object a) {
        if (a instanceof byte[] x) return x.length;
        if (a instanceof short[] x) return x.length;
        if (a instanceof int[] x) return x.length;
        if (a instanceof long[] x) return x.length;
        if (a instanceof float[] x) return x.length;
        throw new IllegalArgumentException("not an array: " + a);
    }

    /** C element type of a Java primitive array. */
    static String elementType(Object a) {
        if (a instanceof byte[]) return "int8_t";
        if (a instanceof short[]) return "int16_t";
        if (a instanceof int[]) return "int32_t";
        if (a instanceof long[]) return "int64_t";
        if (a instanceof float[]) return "float";
        throw new IllegalArgumentException("not an array: " + a);
    }

    static int elementBytes(Object a) {
        if (a instanceof byte[]) return 1;
        if (a instanceof short[]) return 2;
        if (a instanceof long[]) return 8;
        return 4;
    }
}
