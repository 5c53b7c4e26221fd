package earforge.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import earforge.boards.BoardBudget;
import earforge.boards.OptionFiles;
import earforge.budget.Budget;
import earforge.toolchain.Board;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "budget", description = {"Arena bytes, constant bytes and MACs per layer of the generated C.",
    "With a board: flash and RAM totals, estimated instructions and cycles per layer and front-end hop, real-time factor, "
        + "a verdict per resource; exit code 1 when something does not fit."})
final class BudgetCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, description = "int8 .tflite") Path model;
    @Option(names = "--board", defaultValue = "host", description = "board (boards/NAME.yaml), default ${DEFAULT-VALUE}") String board;
    @Option(names = "--json", description = "machine-readable output") boolean json;
    @Option(names = "--print-plan", description = "also print the arena plan") boolean printPlan;
    @Option(names = "--frontend", paramLabel = "CFG", description = "boards: front end (preset, frontend.json or none); default "
        + "the frontend.json beside the model, if any") String frontend;
    @Option(names = "--labels", paramLabel = "FILE", description = "boards: class names (default labels.txt beside the model)") Path labels;
    @Option(names = "--test-vectors", defaultValue = "3", description = "boards: self-test inputs or windows, as generate") int testVectors;

    @Override public Integer call() throws Exception {
        Board b = Board.load(board);
        var g = Models.load(model);
        if (!b.isHost()) {
            BoardBudget bb = BoardBudget.of(g, b, OptionFiles.resolve(model, frontend, labels, null, 0, testVectors));
            if (json) System.out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(bb));
            else System.out.print(bb.format());
            if (printPlan) System.out.print(earforge.plan.ArenaPlanner.plan(g).format(g));
            return bb.fits() ? 0 : 1;
        }
        Budget budget = Budget.of(g, b.name());
        if (json) {
            System.out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(budget));
        } else {
            System.out.print(budget.format());
            if (printPlan) System.out.print(earforge.plan.ArenaPlanner.plan(g).format(g));
        }
        return 0;
    }
}
