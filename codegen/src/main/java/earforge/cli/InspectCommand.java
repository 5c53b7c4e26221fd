package earforge.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import earforge.ir.Graph;
import earforge.ir.Macs;
import earforge.ir.Operator;
import earforge.ir.Tensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "inspect", description = "Operators, shapes, types, quantization, MACs and weight bytes of a model.")
final class InspectCommand implements Callable<Integer> {
    @Parameters(paramLabel = "MODEL", description = ".tflite (int8 or float) or Keras .h5") Path model;
    @Option(names = "--json", description = "machine-readable output") boolean json;

    @Override public Integer call() throws Exception {
        Graph g = Models.load(model);
        if (json) {
            System.out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(describe(g)));
            return 0;
        }
        System.out.printf("model %s: %d operators, %d tensors, %,d MACs, %,d weight bytes%n", g.name, g.operators.size(),
            g.tensors.size(), Macs.total(g), weightBytes(g));
        for (int i : g.inputs) System.out.println("  input  " + g.tensor(i));
        for (int i : g.outputs) System.out.println("  output " + g.tensor(i));
        System.out.printf("%3s  %-18s %-20s %-8s %-12s %12s %10s  %s%n", "#", "operator", "output shape", "type",
            "activation", "MACs", "weights B", "output quantization");
        for (int k = 0; k < g.operators.size(); k++) {
            Operator op = g.operators.get(k);
            Tensor out = g.tensor(op.outputs[0]);
            System.out.printf("%3d  %-18s %-20s %-8s %-12s %,12d %,10d  %s%n", k, op.type, Arrays.toString(out.shape),
                out.type, op.options.activation(), Macs.of(g, op), Macs.weightBytes(g, op),
                out.quant == null ? "-" : out.quant);
        }
        return 0;
    }

    static long weightBytes(Graph g) {
        long s = 0;
        for (Tensor t : g.tensors) if (t.isConstant()) s += t.data.length;
        return s;
    }

    static Map<String, Object> describe(Graph g) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", g.name);
        m.put("macs", Macs.total(g));
        m.put("weightBytes", weightBytes(g));
        m.put("inputs", tensors(g, g.inputs));
        m.put("outputs", tensors(g, g.outputs));
        List<Object> ops = new ArrayList<>();
        for (Operator op : g.operators) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("op", op.type.name());
            o.put("inputs", tensors(g, op.inputs));
            o.put("outputs", tensors(g, op.outputs));
            o.put("activation", op.options.activation().name());
            o.put("macs", Macs.of(g, op));
            o.put("weightBytes", Macs.weightBytes(g, op));
            ops.add(o);
        }
        m.put("operators", ops);
        return m;
    }

    private static List<Object> tensors(Graph g, int[] idx) {
        List<Object> l = new ArrayList<>();
        for (int i : idx) {
            if (i < 0) continue;
            Tensor t = g.tensor(i);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("index", t.index);
            m.put("name", t.name);
            m.put("type", t.type.name());
            m.put("shape", t.shape);
            m.put("constant", t.isConstant());
            if (t.quant != null) {
                m.put("scale", t.quant.scales());
                m.put("zeroPoint", t.quant.zeroPoints());
                if (t.quant.perChannel()) m.put("axis", t.quant.axis());
            }
            l.add(m);
        }
        return l;
    }
}
