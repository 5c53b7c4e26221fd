package earforge.cli;

import earforge.boards.OptionFiles;
import earforge.boards.Projects;
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
    @Option(names = "--frontend", paramLabel = "CFG", description = "boards: front end (preset, frontend.json or none); default "
        + "the frontend.json beside the model, if any") String frontend;
    @Option(names = "--labels", paramLabel = "FILE", description = "boards: class names, one per line (default labels.txt beside the model)")
    Path labels;
    @Option(names = "--clip", paramLabel = "X.wav", description = "boards: self-test audio (default a synthetic clip)") Path clip;
    @Option(names = "--vote", defaultValue = "0", description = "boards: windows mean voting averages (default: the overlapping ones)")
    int vote;
    @Option(names = "--test-vectors", defaultValue = "3", description = "boards: self-test inputs or windows (default ${DEFAULT-VALUE})")
    int testVectors;

    @Override public Integer call() {
        earforge.io.AtomicDirectory.checkReplaceable(out, force, earforge.emit.Manifest.FILE);   // before any work
        Board b = Board.load(board);
        Graph g = Models.load(model);
        CModel m = b.isHost() ? Generator.generate(g, b, out, force)
            : Projects.generate(g, b, OptionFiles.resolve(model, frontend, labels, clip, vote, testVectors), out, force);
        if (printPlan) System.out.print(m.planText());
        System.out.printf("generated %s for board %s in %s: %d operators, arena %d bytes, constants %d bytes%n",
            m.name(), b.name(), out, m.steps().size(), m.plan().size(), m.constantBytes());
        return 0;
    }
}
