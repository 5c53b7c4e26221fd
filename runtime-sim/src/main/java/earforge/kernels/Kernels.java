package earforge.kernels;

import earforge.EarforgeException;
import earforge.ir.OpType;

/** The kernel class of each operator type. */
public final class Kernels {
    private Kernels() {}

    public static Kernel of(OpType type) {
        return switch (type) {
            case FULLY_CONNECTED -> new FullyConnected();
            default -> throw EarforgeException.of("operator %s has no simulator kernel yet", type);
        };
    }
}
