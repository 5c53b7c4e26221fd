package earforge.verify;

import earforge.budget.Budget;
import earforge.ir.Graph;
import java.util.List;

/** The int8 model's cost as generated C ({@link Budget}), for the report; a note instead when it cannot be lowered. */
final class Budgets {
    private Budgets() {}

    static VerifyReport.Budget of(Graph int8) {
        try {
            Budget b = Budget.of(int8, "host");
            List<VerifyReport.BudgetLayer> layers = b.layers().stream()
                .map(l -> new VerifyReport.BudgetLayer(l.index(), l.op(), l.macs(), l.constantBytes())).toList();
            return new VerifyReport.Budget(b.arenaBytes(), b.constantBytes(), b.macs(), layers, null);
        } catch (RuntimeException e) {
            return new VerifyReport.Budget(null, null, null, List.of(), "no budget: " + e.getMessage());
        }
    }
}
