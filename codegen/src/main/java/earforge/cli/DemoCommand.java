package earforge.cli;

import earforge.ir.Graph;
import earforge.oracle.TfliteOracle;
import earforge.sim.Simulator;
import earforge.tflite.TfliteReader;
import earforge.tflite.TfliteWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "demo", description = {"Runs the main job end to end on a real model and shows the bit-exactness check:",
    "simulator vs TFLite; then firmware for qemu-m4 (generate, build, run in QEMU on a real clip: class per window), "
        + "checked against the Java simulator, and the budget for nucleo-l476rg."})
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--inputs", defaultValue = "5", description = "number of inputs (default ${DEFAULT-VALUE})") int count;

    @Override public Integer call() throws Exception {
        Path kws = Paths2.shared().resolve("models/kws_ref_model_int8.tflite");
        byte[] bytes;
        Graph g;
        if (Files.isRegularFile(kws)) {
            bytes = Files.readAllBytes(kws);
            g = TfliteReader.read(kws);
            System.out.println("model: MLPerf Tiny KWS DS-CNN int8 (" + kws + ")");
        } else {
            g = DemoModel.build();
            bytes = TfliteWriter.toBytes(g);
            System.out.println("model: built-in int8 demo network (../shared not found beside the checkout)");
        }
        System.out.printf("%d operators, input %s, output %s%n", g.operators.size(), Arrays.toString(g.input(0).shape),
            Arrays.toString(g.output(0).shape));
        Simulator sim = new Simulator(g);
        Random r = new Random(7);
        long diff = 0, total = 0;
        System.out.println(" input  earforge sim (top class: int8 score)   TFLite interpreter (top class: int8 score)  equal");
        try (TfliteOracle tfl = new TfliteOracle(bytes)) {
            for (int i = 0; i < count; i++) {
                Object in = Inputs.random(g.input(0), r);
                byte[] a = (byte[]) sim.run(in)[0];
                byte[] b = (byte[]) tfl.run(in)[0];
                int d = 0;
                for (int k = 0; k < a.length; k++) if (a[k] != b[k]) d++;
                diff += d;
                total += a.length;
                System.out.printf(" #%-4d  class %2d: %4d %28s class %2d: %4d %27s %s%n", i, argmax(a), a[argmax(a)], "",
                    argmax(b), b[argmax(b)], "", d == 0 ? "yes" : "NO (" + d + " bytes differ)");
            }
        }
        System.out.printf("bit-exactness: %d differing bytes of %d (Java simulator vs TFLite reference kernels)%n", diff, total);
        long board = 0;
        Path yes = Paths2.shared().resolve("audio/yes_1000ms.wav"), no = Paths2.shared().resolve("audio/no_1000ms.wav");
        if (Files.isRegularFile(kws) && Files.isRegularFile(yes) && Files.isRegularFile(no)) {
            Path work = Files.createTempDirectory("earforge-demo-");
            board = earforge.boards.BoardDemo.run(kws, java.util.List.of(yes, no), work);
        }
        return diff == 0 && board <= 0 ? 0 : 1;
    }

    static int argmax(byte[] a) {
        int best = 0;
        for (int i = 1; i < a.length; i++) if (a[i] > a[best]) best = i;
        return best;
    }
}
