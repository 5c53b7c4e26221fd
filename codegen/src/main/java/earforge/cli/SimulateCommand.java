package earforge.cli;

import earforge.EarforgeException;
import earforge.io.Npy;
import earforge.ir.Graph;
import earforge.sim.Batches;
import earforge.sim.Simulator;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "simulate", description = "Runs the bit-exact Java simulator on .npy inputs (a leading N runs N inferences).")
final class SimulateCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, description = ".tflite (int8 or float) or Keras .h5") Path model;
    @Option(names = "--input", required = true, description = "IN.npy in the model input's own type; repeat per input")
    List<Path> inputs;
    @Option(names = "--output", required = true, description = "OUT.npy; repeat per model output") List<Path> outputs;
    @Option(names = "--float", description = "the model must be a float model (.h5 or float .tflite); inputs float32")
    boolean floatModel;

    @Override public Integer call() {
        Graph g = Models.load(model);
        if (floatModel && g.input(0).type != earforge.ir.DType.FLOAT32) {
            throw EarforgeException.of("%s: --float given but the model input is %s", model, g.input(0).type);
        }
        if (inputs.size() != g.inputs.length) {
            throw EarforgeException.of("model has %d input(s) but %d --input given", g.inputs.length, inputs.size());
        }
        if (outputs.size() != g.outputs.length) {
            throw EarforgeException.of("model has %d output(s) but %d --output given", g.outputs.length, outputs.size());
        }
        Object[][] runs = new Object[inputs.size()][];
        Batches.Mode mode = Batches.Mode.SINGLE;
        for (int i = 0; i < inputs.size(); i++) {
            Npy.Array a = Npy.read(inputs.get(i));
            runs[i] = Batches.split(g.input(i), a, inputs.get(i).toString());
            if (i == 0) mode = Batches.mode(g.input(i), a);
            if (runs[i].length != runs[0].length) throw EarforgeException.of("inputs have different batch sizes");
        }
        Simulator sim = new Simulator(g);
        List<List<Object>> outs = new ArrayList<>();
        for (int o = 0; o < g.outputs.length; o++) outs.add(new ArrayList<>());
        for (int n = 0; n < runs[0].length; n++) {
            Object[] in = new Object[runs.length];
            for (int i = 0; i < in.length; i++) in[i] = runs[i][n];
            Object[] out = sim.run(in);
            for (int o = 0; o < out.length; o++) outs.get(o).add(out[o]);
        }
        for (int o = 0; o < g.outputs.length; o++) {
            Npy.Array a = Batches.join(g.output(o), outs.get(o), mode);
            Npy.write(outputs.get(o), a.type(), a.shape(), a.data());
        }
        System.err.printf("simulated %d inference(s) of %s%n", runs[0].length, g.name);
        return 0;
    }
}
