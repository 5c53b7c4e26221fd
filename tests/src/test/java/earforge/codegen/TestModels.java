package earforge.codegen;

import earforge.ir.Graph;
import java.util.List;
import java.util.function.Function;

/** The per-operator test models of {@link OpModelsHostTest}, built, for tests outside this package (fuzz seeds, hardening). */
public final class TestModels {
    private TestModels() {}

    public record Named(String name, Graph graph) {}

    @SuppressWarnings("unchecked")
    public static List<Named> perOperator() {
        return OpModelsHostTest.models().map(a -> {
            String name = (String) a.get()[0];
            Graph g = ((Function<OpGraphs, Graph>) a.get()[1]).apply(new OpGraphs(name.hashCode()));
            return new Named(name, g);
        }).toList();
    }
}
