package earforge.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import earforge.budget.Budget;
import earforge.toolchain.Board;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "budget", description = "Arena bytes, constant bytes and MACs per layer of the generated C.")
final class BudgetCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, description = "int8 .tflite") Path model;
    @Option(names = "--board", defaultValue = "host", description = "board (boards/NAME.yaml), default ${DEFAULT-VALUE}") String board;
    @Option(names = "--json", description = "machine-readable output") boolean json;
    @Option(names = "--print-plan", description = "also print the arena plan") boolean printPlan;

    @Override public Integer call() throws Exception {
        Board b = Board.load(board);
        var g = Models.load(model);
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
