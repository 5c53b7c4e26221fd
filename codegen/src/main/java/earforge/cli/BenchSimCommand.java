package earforge.cli;

import earforge.ir.Graph;
import earforge.oracle.TfliteOracle;
import earforge.sim.Simulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "sim", description = "Inferences/s of the Java simulator vs the TFLite interpreter, single-threaded.")
final class BenchSimCommand implements Callable<Integer> {
    @Parameters(paramLabel = "MODEL", description = ".tflite model") Path model;
    @Option(names = "--seconds", defaultValue = "3", description = "measuring time per engine (default ${DEFAULT-VALUE})")
    double seconds;
    @Option(names = "--ops", description = "also print each operator's fastest run time in the simulator")
    boolean ops;

    @Override public Integer call() throws Exception {
        Graph g = Models.load(model);
        byte[] bytes = Files.readAllBytes(model);
        Random r = new Random(42);
        Object[][] inputs = new Object[16][];
        for (int i = 0; i < inputs.length; i++) {
            inputs[i] = new Object[g.inputs.length];
            for (int k = 0; k < g.inputs.length; k++) inputs[i][k] = Inputs.random(g.input(k), r);
        }
        Simulator sim = new Simulator(g);
        double simRate = rate(in -> sim.run(in), inputs);
        double refRate, optRate;
        try (TfliteOracle ref = new TfliteOracle(bytes)) { refRate = rate(in -> ref.run(in), inputs); }
        try (TfliteOracle opt = TfliteOracle.optimized(bytes)) { optRate = rate(in -> opt.run(in), inputs); }
        System.out.printf("model %s, single thread, %.0f s per engine%n", g.name, seconds);
        System.out.printf("  earforge Java simulator         %10.1f inferences/s%n", simRate);
        System.out.printf("  TFLite reference kernels        %10.1f inferences/s   (sim/ref ratio %.2fx)%n", refRate, simRate / refRate);
        System.out.printf("  TFLite optimized kernels        %10.1f inferences/s   (sim/opt ratio %.2fx)%n", optRate, simRate / optRate);
        if (ops) printOps(g, sim.profile(Math.max(10, (int) (simRate * seconds)), inputs[0]));
        return 0;
    }

    /** Per-operator minimum times of the simulator (least disturbed by other load), and their sum. */
    private static void printOps(Graph g, long[] ns) {
        long sum = 0;
        for (long t : ns) sum += t;
        System.out.println("simulator per operator (fastest run):");
        for (int k = 0; k < ns.length; k++) {
            var op = g.operators.get(k);
            System.out.printf("  %3d %-22s %9.1f us %5.1f%%  -> %s%n", k, op.type, ns[k] / 1e3, 100.0 * ns[k] / sum,
                java.util.Arrays.toString(g.tensor(op.outputs[0]).shape));
        }
        System.out.printf("  sum %9.1f us (%.1f inferences/s)%n", sum / 1e3, 1e9 / sum);
    }

    private double rate(Consumer<Object[]> f, Object[][] inputs) {
        long warm = System.nanoTime() + (long) (Math.min(1.0, seconds / 2) * 1e9);
        int i = 0;
        while (System.nanoTime() < warm) f.accept(inputs[i++ % inputs.length]);
        long start = System.nanoTime(), end = start + (long) (seconds * 1e9);
        int n = 0;
        long now;
        do { f.accept(inputs[n++ % inputs.length]); now = System.nanoTime(); } while (now < end);
        return n / ((now - start) / 1e9);
    }
}
