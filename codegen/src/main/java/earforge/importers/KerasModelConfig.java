package earforge.importers;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import earforge.EarforgeException;
import earforge.importers.KerasLayer.Ref;
import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import java.util.ArrayList;
import java.util.List;

/**
 * The root attribute {@code model_config} of a Keras 2.x HDF5 file: the layers in config order, each with the tensors
 * of each of its calls, and the model's input and output tensors. Sequential models become a chain.
 */
record KerasModelConfig(List<KerasLayer> layers, List<Ref> inputs, List<Ref> outputs) {

    static KerasModelConfig read(HdfFile file) {
        JsonNode model = json(file);
        String cls = model.path("class_name").asText("");
        JsonNode config = model.get("config");
        switch (cls) {
            case "Sequential" -> {
                // Keras 2.0-2.2.2 saved the layer list itself as the config.
                JsonNode list = config != null && config.isArray() ? config : config == null ? null : config.get("layers");
                List<Ref> inputs = new ArrayList<>(), outputs = new ArrayList<>();
                List<KerasLayer> layers = sequentialChain(parseLayers(list, false), inputs, outputs);
                return new KerasModelConfig(layers, inputs, outputs);
            }
            case "Functional", "Model" -> {
                if (config == null) throw new EarforgeException("model_config has no config");
                return new KerasModelConfig(parseLayers(config.get("layers"), true),
                    refs(config.get("input_layers"), "input_layers"), refs(config.get("output_layers"), "output_layers"));
            }
            default -> throw EarforgeException.of("model class '%s' is not supported (Sequential or Functional)", cls);
        }
    }

    private static JsonNode json(HdfFile file) {
        Attribute a = file.getAttribute("model_config");
        if (a == null) {
            throw new EarforgeException("no model_config attribute: not a Keras model file (a weights-only file? save with model.save(\"m.h5\"))");
        }
        Attribute v = file.getAttribute("keras_version");
        Object ver = v == null ? null : v.getData();
        if (ver instanceof String s && !s.startsWith("2.")) {
            throw EarforgeException.of("saved by Keras %s; only Keras 2.x HDF5 files are supported (save with tf.keras 2.x)", s);
        }
        Object data = a.getData();
        String json = data instanceof String s ? s : data instanceof byte[] bs ? new String(bs, java.nio.charset.StandardCharsets.UTF_8) : null;
        if (json == null) throw new EarforgeException("model_config attribute is not a string");
        try {
            JsonNode n = new ObjectMapper().readTree(json);
            if (n == null || !n.isObject()) throw new EarforgeException("model_config is not a JSON object");
            return n;
        } catch (JsonProcessingException e) {
            throw EarforgeException.of("model_config is not valid JSON (%s)", e.getOriginalMessage());
        }
    }

    private static List<KerasLayer> parseLayers(JsonNode list, boolean functional) {
        if (list == null || !list.isArray() || list.isEmpty()) throw new EarforgeException("model_config lists no layers");
        List<KerasLayer> out = new ArrayList<>();
        for (JsonNode n : list) {
            String cls = n.path("class_name").asText("?");
            JsonNode cfg = n.get("config");
            String name = n.hasNonNull("name") ? n.get("name").asText() : cfg != null && cfg.hasNonNull("name") ? cfg.get("name").asText() : null;
            if (name == null) throw EarforgeException.of("a layer of class %s has no name", cls);
            KerasLayer tmp = new KerasLayer(name, cls, cfg == null ? NullNode.instance : cfg, List.of());
            if (cfg == null || !cfg.isObject()) throw tmp.fail("has no config");
            List<List<Ref>> calls = new ArrayList<>();
            if (functional) {
                JsonNode nodes = n.get("inbound_nodes");
                if (nodes != null && !nodes.isArray()) throw tmp.fail("inbound_nodes is not a list");
                if (nodes != null) for (JsonNode call : nodes) calls.add(callRefs(tmp, call));
            }
            out.add(new KerasLayer(name, cls, cfg, calls));
        }
        return out;
    }

    /** One call: [[layer, node, tensor, kwargs], ...]. */
    private static List<Ref> callRefs(KerasLayer l, JsonNode call) {
        if (!call.isArray()) throw l.fail("inbound node %s is not a list (not a Keras 2 config)", call);
        List<Ref> refs = new ArrayList<>();
        for (JsonNode r : call) refs.add(ref(l, r));
        return refs;
    }

    private static Ref ref(KerasLayer l, JsonNode r) {
        if (!r.isArray() || r.size() < 3 || !r.get(0).isTextual() || !r.get(1).canConvertToInt() || !r.get(2).canConvertToInt()) {
            throw l.fail("bad tensor reference %s", r);
        }
        if (r.get(2).asInt() != 0) throw l.fail("uses output %d of layer '%s'; only single-output layers are supported", r.get(2).asInt(), r.get(0).asText());
        return new Ref(r.get(0).asText(), r.get(1).asInt(), 0);
    }

    /** input_layers / output_layers: [[name, node, tensor], ...] or, for one tensor, [name, node, tensor]. */
    private static List<Ref> refs(JsonNode n, String what) {
        KerasLayer model = new KerasLayer(what, "Functional", NullNode.instance, List.of());
        if (n == null || !n.isArray()) throw EarforgeException.of("model_config has no %s", what);
        if (n.size() > 0 && n.get(0).isTextual()) return List.of(ref(model, n));
        List<Ref> out = new ArrayList<>();
        for (JsonNode r : n) out.add(ref(model, r));
        return out;
    }

    /** Sequential: each layer takes the previous one's output; the first is an InputLayer or carries the input shape. */
    private static List<KerasLayer> sequentialChain(List<KerasLayer> layers, List<Ref> inputs, List<Ref> outputs) {
        List<KerasLayer> out = new ArrayList<>();
        KerasLayer first = layers.get(0);
        String prev;
        if (first.className().equals("InputLayer")) {
            out.add(first);
            prev = first.name();
            layers = layers.subList(1, layers.size());
        } else {
            KerasLayer in = new KerasLayer(first.name() + "_input", "InputLayer", first.config(), List.of());
            out.add(in);
            prev = in.name();
        }
        inputs.add(new Ref(prev, 0, 0));
        for (KerasLayer l : layers) {
            out.add(new KerasLayer(l.name(), l.className(), l.config(), List.of(List.of(new Ref(prev, 0, 0)))));
            prev = l.name();
        }
        outputs.add(new Ref(prev, 0, 0));
        return out;
    }
}
