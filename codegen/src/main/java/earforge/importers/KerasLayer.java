package earforge.importers;

import com.fasterxml.jackson.databind.JsonNode;
import earforge.EarforgeException;
import java.util.List;

/**
 * One layer of a Keras model_config: its class, name, config object, and for each call of the layer
 * (Keras "inbound node") the tensors it consumes. Config getters fail with a one-line message naming the layer.
 */
record KerasLayer(String name, String className, JsonNode config, List<List<Ref>> inbound) {

    /** A Keras tensor: output {@code tensor} of call {@code node} of layer {@code layer}. */
    record Ref(String layer, int node, int tensor) {
        String key() { return layer + "#" + node + "#" + tensor; }
        @Override public String toString() { return "'" + layer + "'" + (node == 0 && tensor == 0 ? "" : "[" + node + "][" + tensor + "]"); }
    }

    EarforgeException fail(String fmt, Object... args) {
        return new EarforgeException("layer '" + name + "' (" + className + "): " + String.format(fmt, args));
    }

    JsonNode opt(String key) {
        JsonNode n = config.get(key);
        return n == null || n.isNull() ? null : n;
    }

    String str(String key, String dflt) {
        JsonNode n = opt(key);
        if (n == null) return dflt;
        if (!n.isTextual()) throw fail("config '%s' must be a string, got %s", key, n);
        return n.asText();
    }

    int integer(String key, int dflt) {
        JsonNode n = opt(key);
        if (n == null) return dflt;
        if (!n.canConvertToInt()) throw fail("config '%s' must be an integer, got %s", key, n);
        return n.asInt();
    }

    /** A required positive integer. */
    int positive(String key) {
        if (opt(key) == null) throw fail("config '%s' is missing", key);
        int v = integer(key, 0);
        if (v < 1) throw fail("config '%s' must be positive, got %d", key, v);
        return v;
    }

    double number(String key, double dflt) {
        JsonNode n = opt(key);
        if (n == null) return dflt;
        if (!n.isNumber()) throw fail("config '%s' must be a number, got %s", key, n);
        return n.asDouble();
    }

    boolean bool(String key, boolean dflt) {
        JsonNode n = opt(key);
        if (n == null) return dflt;
        if (!n.isBoolean()) throw fail("config '%s' must be true or false, got %s", key, n);
        return n.asBoolean();
    }

    /** A 2-D window parameter: an integer n (= {n, n}) or a list [h, w]. */
    int[] pair(String key, int[] dflt) {
        JsonNode n = opt(key);
        if (n == null) {
            if (dflt == null) throw fail("config '%s' is missing", key);
            return dflt;
        }
        if (n.canConvertToInt()) return new int[] {n.asInt(), n.asInt()};
        if (n.isArray() && n.size() == 2 && n.get(0).canConvertToInt() && n.get(1).canConvertToInt()) {
            int[] p = {n.get(0).asInt(), n.get(1).asInt()};
            if (p[0] < 1 || p[1] < 1) throw fail("config '%s' must be positive, got %s", key, n);
            return p;
        }
        throw fail("config '%s' must be an integer or a pair of integers, got %s", key, n);
    }

    /** Layers working on images must be channels-last (the .tflite layout). */
    void requireChannelsLast() {
        String df = str("data_format", "channels_last");
        if (!df.equals("channels_last")) throw fail("data_format '%s' is not supported (only channels_last)", df);
    }
}
