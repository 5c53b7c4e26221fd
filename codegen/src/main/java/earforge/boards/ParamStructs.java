package earforge.boards;

import java.lang.reflect.RecordComponent;

/**
 * Size in bytes of a kernel's parameter struct as CParams emits it (earforge_params.h), on a 32-bit target with natural
 * alignment: int32/float 4, int64/double 8, int16 2, int8/bool 1, an array field a 4-byte pointer plus its int32
 * length, a nested record its own struct.
 */
public final class ParamStructs {
    private ParamStructs() {}

    public static long bytes(Record r) { return layout(r.getClass())[0]; }

    /** [size, alignment] of the struct for a record class. */
    static long[] layout(Class<?> rc) {
        long size = 0, align = 1;
        for (RecordComponent c : rc.getRecordComponents()) {
            Class<?> t = c.getType();
            long[] f;
            if (t.isArray()) {
                size = place(size, 4, 4);
                f = new long[] {4, 4};
            } else if (t.isRecord()) {
                f = layout(t);
            } else if (t == long.class || t == double.class) {
                f = new long[] {8, 8};
            } else if (t == short.class) {
                f = new long[] {2, 2};
            } else if (t == byte.class || t == boolean.class) {
                f = new long[] {1, 1};
            } else {
                f = new long[] {4, 4};
            }
            size = place(size, f[0], f[1]);
            align = Math.max(align, f[1]);
        }
        return new long[] {(size + align - 1) / align * align, align};
    }

    private static long place(long at, long size, long align) { return (at + align - 1) / align * align + size; }
}
