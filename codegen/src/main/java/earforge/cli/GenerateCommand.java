package earforge.cli;

import earforge.emit.CModel;
import earforge.emit.Generator;
import earforge.ir.Graph;
import earforge.toolchain.Board;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "generate", description = "Generates C99 for an int8 model: kernels, model.c/.h with a planned static arena.")
final class GenerateCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, description = "int8 .tflite") Path model;
    @Option(names = "--board", defaultValue = "host", description = "board (boards/NAME.yaml), default ${DEFAULT-VALUE}") String board;
    @Option(names = "--out", required = true, description = "output directory (written atomically)") Path out;
    @Option(names = "--force", description = "replace a non-empty output directory") boolean force;
    @Option(names = "--print-plan", description = "print the arena plan") boolean printPlan;

    @Override public Integer call() {
        Board b = Board.load(board);
        Graph g = Models.load(model);
        CModel m = Generator.generate(g, b, out, force);
        if (printPlan) System.out.print(m.planText());
        System.out.printf("generated %s for board %s in %s: %d operators, arena %d bytes, constants %d bytes%n",
            m.name(), b.name(), out, m.steps().size(), m.plan().size(), m.constantBytes());
        return 0;
    }
}
