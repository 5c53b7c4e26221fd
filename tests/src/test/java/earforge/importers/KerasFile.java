package earforge.importers;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableGroup;
import java.lang.reflect.Array;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Writes small Keras 2.x HDF5 model files for tests, in the layout {@code model.save("m.h5")} produces: root
 * attributes {@code model_config} (JSON), {@code keras_version}, {@code backend}; group {@code model_weights}
 * (attribute {@code layer_names}) with one group per layer holding attribute {@code weight_names} and the datasets
 * {@code <layer>/<weight>:0}. Weights are kept here in Keras layout so tests can compute expectations from them.
 */
final class KerasFile {
    static final ObjectMapper JSON = new ObjectMapper();

    /** A weight array in Keras layout, row-major. */
    record Arr(int[] shape, float[] data) {}

    /** {@code calls}: one list of input names per call of the layer; "name@1" refers to the 2nd call's output. */
    record Layer(String cls, String name, ObjectNode config, List<List<String>> calls, Map<String, Arr> weights) {}

    private final boolean sequential;
    final List<Layer> layers = new ArrayList<>();
    private final List<String> inputs = new ArrayList<>(), outputs = new ArrayList<>();
    final Random rnd;
    String kerasVersion = "2.4.0";
    /** Keras 2.0-2.2.2 saved a Sequential config as the bare layer list. */
    boolean legacyListConfig;
    boolean writeConfig = true;
    /** When set, written as model_config instead of the config built from the layers (which then only carry weights). */
    String rawConfig;

    private KerasFile(boolean sequential, long seed) { this.sequential = sequential; this.rnd = new Random(seed); }

    static KerasFile sequential(long seed) { return new KerasFile(true, seed); }
    static KerasFile functional(long seed) { return new KerasFile(false, seed); }

    /** An InputLayer with shape (without batch). */
    KerasFile input(String name, int... shape) {
        ArrayNode s = JSON.createArrayNode().addNull();
        for (int d : shape) s.add(d);
        ObjectNode c = cfg("batch_input_shape", s, "dtype", "float32", "sparse", false, "ragged", false);
        inputs.add(name);
        return add("InputLayer", name, c, List.of());
    }

    /** Adds a layer; {@code in} are the input layer names (ignored for Sequential); weights in Keras order. */
    KerasFile add(String cls, String name, ObjectNode config, List<String> in, Object... weights) {
        config.put("name", name);
        config.put("trainable", true);
        if (!config.has("dtype")) config.put("dtype", "float32");
        Map<String, Arr> w = new LinkedHashMap<>();
        for (int i = 0; i < weights.length; i += 2) w.put((String) weights[i], (Arr) weights[i + 1]);
        List<List<String>> calls = new ArrayList<>();
        if (!in.isEmpty()) calls.add(in);
        layers.add(new Layer(cls, name, config, calls, w));
        return this;
    }

    /** Calls an existing layer again (a shared layer) on other inputs. */
    KerasFile call(String name, String... in) { layer(name).calls.add(List.of(in)); return this; }

    KerasFile add(String cls, String name, ObjectNode config, Object... weights) {
        return add(cls, name, config, layers.isEmpty() ? List.of() : List.of(layers.get(layers.size() - 1).name), weights);
    }

    KerasFile outputs(String... names) { outputs.addAll(List.of(names)); return this; }

    Layer layer(String name) {
        return layers.stream().filter(l -> l.name.equals(name)).findFirst().orElseThrow();
    }

    /** A config object from key/value pairs (values: String, Number, Boolean, JSON nodes, int[] as lists, null). */
    static ObjectNode cfg(Object... kv) {
        ObjectNode o = JSON.createObjectNode();
        for (int i = 0; i < kv.length; i += 2) {
            String k = (String) kv[i];
            Object v = kv[i + 1];
            if (v == null) o.putNull(k);
            else if (v instanceof String s) o.put(k, s);
            else if (v instanceof Integer n) o.put(k, n);
            else if (v instanceof Double d) o.put(k, d);
            else if (v instanceof Boolean b) o.put(k, b);
            else if (v instanceof int[] a) { ArrayNode arr = o.putArray(k); for (int x : a) arr.add(x); }
            else if (v instanceof com.fasterxml.jackson.databind.JsonNode n) o.set(k, n);
            else throw new IllegalArgumentException("config value " + v);
        }
        return o;
    }

    /** Uniform random weights in [-scale, scale]. */
    Arr random(float scale, int... shape) {
        int n = 1;
        for (int d : shape) n *= d;
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (rnd.nextFloat() * 2 - 1) * scale;
        return new Arr(shape, a);
    }

    /** Random values in [lo, hi] (e.g. BN variances). */
    Arr range(float lo, float hi, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = lo + rnd.nextFloat() * (hi - lo);
        return new Arr(new int[] {n}, a);
    }

    /** BatchNormalization weights gamma, beta, moving_mean, moving_variance (non-trivial values). */
    Object[] bnWeights(int c) {
        return new Object[] {"gamma", range(0.5f, 1.5f, c), "beta", random(0.5f, c), "moving_mean", random(0.5f, c),
            "moving_variance", range(0.2f, 2f, c)};
    }

    String configJson() {
        if (rawConfig != null) return rawConfig;
        ObjectNode root = JSON.createObjectNode();
        root.put("class_name", sequential ? "Sequential" : "Functional");
        ObjectNode c = JSON.createObjectNode();
        c.put("name", "model");
        ArrayNode ls = c.putArray("layers");
        root.set("config", legacyListConfig ? ls : c);
        for (Layer l : layers) {
            ObjectNode n = ls.addObject();
            n.put("class_name", l.cls);
            n.set("config", l.config);
            if (!sequential) {
                n.put("name", l.name);
                ArrayNode nodes = n.putArray("inbound_nodes");
                for (List<String> ins : l.calls) {
                    ArrayNode call = nodes.addArray();
                    for (String in : ins) {
                        String[] ref = in.split("@");
                        call.addArray().add(ref[0]).add(ref.length > 1 ? Integer.parseInt(ref[1]) : 0).add(0).addObject();
                    }
                }
            }
        }
        if (!sequential) {
            ArrayNode in = c.putArray("input_layers");
            for (String s : inputs) in.addArray().add(s).add(0).add(0);
            ArrayNode out = c.putArray("output_layers");
            List<String> outs = outputs.isEmpty() ? List.of(layers.get(layers.size() - 1).name) : outputs;
            for (String s : outs) out.addArray().add(s).add(0).add(0);
        }
        return root.toString();
    }

    /**
     * Writes the file. jhdf 0.9.0's writer ends by writing its 42-byte info block at the channel position left by the
     * last dataset's data rather than at the end of the file, clobbering any object written after that dataset (which
     * objects depends on hash order of the names). So a tail dataset is added to the root group, and the name is
     * varied until that dataset is written last, i.e. the file reads back completely. Importers ignore it.
     */
    Path write(Path file) {
        for (int attempt = 0; attempt < 64; attempt++) {
            writeOnce(file, "jhdf_tail_" + attempt);
            if (readsBack(file)) return file;
        }
        throw new IllegalStateException("jhdf could not write a readable " + file);
    }

    private void writeOnce(Path file, String tail) {
        try (WritableHdfFile f = HdfFile.write(file)) {
            if (writeConfig) f.putAttribute("model_config", configJson());
            f.putAttribute("keras_version", kerasVersion);
            f.putAttribute("backend", "tensorflow");
            WritableGroup mw = f.putGroup("model_weights");
            mw.putAttribute("layer_names", layers.stream().map(l -> l.name).toArray(String[]::new));
            mw.putAttribute("backend", "tensorflow");
            mw.putAttribute("keras_version", kerasVersion);
            for (Layer l : layers) {
                WritableGroup lg = mw.putGroup(l.name);
                if (l.weights.isEmpty()) continue;   // Keras writes an empty weight_names here; jhdf cannot write empty arrays
                lg.putAttribute("weight_names", l.weights.keySet().stream().map(k -> l.name + "/" + k + ":0").toArray(String[]::new));
                WritableGroup inner = lg.putGroup(l.name);
                for (var e : l.weights.entrySet()) inner.putDataset(e.getKey() + ":0", nest(e.getValue()));
            }
            f.putDataset(tail, new float[] {0f});
        }
    }

    private static boolean readsBack(Path file) {
        try (HdfFile f = new HdfFile(file)) {
            walk(f);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static void walk(io.jhdf.api.Group g) {
        for (io.jhdf.api.Node n : g.getChildren().values()) {
            for (var a : n.getAttributes().values()) a.getData();
            if (n instanceof io.jhdf.api.Group c) walk(c);
            else if (n instanceof io.jhdf.api.Dataset d) d.getData();
        }
    }

    /** Flat row-major data -> nested float arrays of the given shape (jhdf writes the dimensions from them). */
    static Object nest(Arr a) {
        if (a.shape.length == 1) return a.data.clone();
        Object out = Array.newInstance(float.class, a.shape);
        fill(out, a.data, a.shape, 0, 0);
        return out;
    }

    private static int fill(Object arr, float[] data, int[] shape, int dim, int pos) {
        int n = Array.getLength(arr);
        if (dim == shape.length - 1) {
            System.arraycopy(data, pos, arr, 0, n);
            return pos + n;
        }
        for (int i = 0; i < n; i++) pos = fill(Array.get(arr, i), data, shape, dim + 1, pos);
        return pos;
    }
}
