package earforge.importers;

import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The weights of a Keras HDF5 file: group {@code model_weights/<layer>} lists its datasets in the attribute
 * {@code weight_names} (paths relative to that group, e.g. {@code conv2d/kernel:0}). Weights are read as float32.
 */
final class KerasWeights {
    /** One weight array in Keras layout (e.g. a Conv2D kernel is HWIO). */
    record Weight(String name, int[] shape, float[] data) {
        int elements() { return data.length; }
    }

    /**
     * Refuse before reading: a compressed or chunked dataset can declare far more elements than its file holds
     * (missing chunks read as the fill value), so a small file could otherwise make the importer allocate gigabytes.
     */
    static final long MAX_WEIGHT_ELEMENTS = 1L << 22, MAX_MODEL_ELEMENTS = 1L << 24;

    private final Group modelWeights;
    private long total;

    KerasWeights(Group modelWeights) { this.modelWeights = modelWeights; }

    /** The layer's weights keyed by short name ("kernel", "bias", "gamma", ...); empty when it has none. */
    Map<String, Weight> of(KerasLayer l) {
        Map<String, Weight> out = new LinkedHashMap<>();
        Node n = modelWeights.getChildren().get(l.name());
        if (!(n instanceof Group g)) return out;
        Attribute names = g.getAttribute("weight_names");
        Object v = names == null || names.isEmpty() ? null : names.getData();
        if (v == null) return out;
        String[] paths = v instanceof String[] s ? s : v instanceof String s ? new String[] {s} : null;
        if (paths == null) throw l.fail("weight_names attribute has unexpected type %s", v.getClass().getSimpleName());
        for (String path : paths) {
            Node d;
            try {
                d = g.getByPath(path);
            } catch (RuntimeException e) {
                throw l.fail("missing weights: dataset '%s' listed in weight_names is not in model_weights/%s", path, l.name());
            }
            if (!(d instanceof Dataset ds)) throw l.fail("weight '%s' is not a dataset", path);
            long size = ds.getSize();
            if (size < 0 || size > MAX_WEIGHT_ELEMENTS) {
                throw l.fail("weight '%s' declares %d elements (more than %d: not a microcontroller model)", path, size, MAX_WEIGHT_ELEMENTS);
            }
            total += size;
            if (total > MAX_MODEL_ELEMENTS) {
                throw l.fail("the weights declare more than %d elements in total (not a microcontroller model)", MAX_MODEL_ELEMENTS);
            }
            out.put(shortName(path), new Weight(path, ds.getDimensions(), floats(l, path, ds.getDataFlat())));
        }
        return out;
    }

    /** "conv2d/kernel:0" -> "kernel". */
    static String shortName(String path) {
        String s = path.substring(path.lastIndexOf('/') + 1);
        int colon = s.lastIndexOf(':');
        return colon > 0 ? s.substring(0, colon) : s;
    }

    private static float[] floats(KerasLayer l, String path, Object data) {
        if (data instanceof float[] f) return f;
        if (data instanceof double[] d) {
            float[] f = new float[d.length];
            for (int i = 0; i < d.length; i++) f[i] = (float) d[i];
            return f;
        }
        throw l.fail("weight '%s' is not floating point (%s)", path, data == null ? "empty" : data.getClass().getSimpleName());
    }

    /** A required weight; {@code shape} (when not null) is checked. */
    static Weight require(KerasLayer l, Map<String, Weight> w, String name, int... shape) {
        Weight x = w.get(name);
        if (x == null) {
            throw l.fail("missing weights '%s' (found %s)", name, w.isEmpty() ? "none" : String.join(", ", w.keySet()));
        }
        if (shape != null && shape.length > 0 && !Arrays.equals(x.shape(), shape)) {
            throw l.fail("weight '%s' has shape %s, expected %s", name, Arrays.toString(x.shape()), Arrays.toString(shape));
        }
        return x;
    }
}
