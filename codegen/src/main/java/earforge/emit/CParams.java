package earforge.emit;

import earforge.EarforgeException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the Java kernels' parameter records into C: a typedef per record class (fields in record order, names in
 * snake case, int -> int32_t, int[] -> const int32_t * to a static const table plus its int32_t NAME_length, a
 * nested record -> its own struct)
 * and a designated initializer per operator. The C structs are generated from the same records the simulator
 * runs on, so the two cannot drift apart; a kernel reading a field that does not exist fails to compile.
 */
final class CParams {
    /** typedef text by C type name, nested types first. */
    final Map<String, String> typedefs = new LinkedHashMap<>();

    /** Struct type of a record: the kernel's Int8Params gets earforge_<kernel>_params, others earforge_<class>. */
    String define(Class<?> rc, String cName) {
        if (typedefs.containsKey(cName)) return cName;
        StringBuilder sb = new StringBuilder();
        sb.append("/* earforge.kernels.").append(rc.getName().substring(rc.getName().lastIndexOf('.') + 1).replace('$', '.'))
            .append(" */\ntypedef struct {\n");
        for (RecordComponent c : rc.getRecordComponents()) {
            String name = CKernels.snake(c.getName());
            sb.append("    ").append(pointerAware(cType(c.getType(), c))).append(name).append(";\n");
            if (c.getType().isArray()) sb.append("    int32_t ").append(name).append("_length;\n");
        }
        sb.append("} ").append(cName).append(";\n");
        typedefs.put(cName, sb.toString());
        return cName;
    }

    /** "int32_t " or "const int32_t *": the declarator's spacing. */
    private static String pointerAware(String type) { return type.endsWith("*") ? type : type + " "; }

    private String cType(Class<?> t, RecordComponent c) {
        if (t == int.class) return "int32_t";
        if (t == long.class) return "int64_t";
        if (t == short.class) return "int16_t";
        if (t == byte.class) return "int8_t";
        if (t == boolean.class) return "bool";
        if (t == float.class) return "float";
        if (t == double.class) return "double";
        if (t == int[].class) return "const int32_t *";
        if (t == short[].class) return "const int16_t *";
        if (t == byte[].class) return "const int8_t *";
        if (t == long[].class) return "const int64_t *";
        if (t == float[].class) return "const float *";
        if (t.isRecord()) return define(t, "earforge_" + CKernels.snake(t.getSimpleName()));
        throw EarforgeException.of("C generator cannot express parameter '%s' of type %s", c.getName(), t.getSimpleName());
    }

    /**
     * Designated initializer of a record value; its array fields become tables named {@code prefix_field}, appended
     * to {@code arrays}.
     */
    String initializer(Record r, String prefix, String indent, List<CArray> arrays) {
        StringBuilder sb = new StringBuilder("{\n");
        RecordComponent[] comps = r.getClass().getRecordComponents();
        for (int i = 0; i < comps.length; i++) {
            RecordComponent c = comps[i];
            String field = CKernels.snake(c.getName());
            Object v;
            try {
                v = c.getAccessor().invoke(r);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
            sb.append(indent).append("    .").append(field).append(" = ").append(value(v, prefix + "_" + field, indent + "    ", arrays));
            if (c.getType().isArray()) {
                sb.append(",\n").append(indent).append("    .").append(field).append("_length = ").append(v == null ? 0 : CFormat.length(v));
            }
            sb.append(i + 1 < comps.length ? ",\n" : "\n");
        }
        return sb.append(indent).append('}').toString();
    }

    private String value(Object v, String name, String indent, List<CArray> arrays) {
        if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            return CFormat.integer(((Number) v).longValue());
        }
        if (v instanceof Boolean b) return b ? "true" : "false";
        if (v instanceof Float f) return CFormat.floatLiteral(f);
        if (v instanceof Double d) return CFormat.doubleLiteral(d);
        if (v instanceof Record rec) {
            define(rec.getClass(), "earforge_" + CKernels.snake(rec.getClass().getSimpleName()));
            return initializer(rec, name, indent, arrays);
        }
        if (v == null) return "NULL";
        if (v.getClass().isArray()) {
            int n = CFormat.length(v);
            if (n == 0) return "NULL";
            arrays.add(new CArray(name, CFormat.elementType(v), n, CFormat.elementBytes(v), null, CFormat.body(v, false)));
            return name;
        }
        throw EarforgeException.of("C generator cannot express parameter value %s", v.getClass().getSimpleName());
    }
}
