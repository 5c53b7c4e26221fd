package earforge.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import earforge.importers.KerasH5Importer;
import earforge.importers.KerasSeeds;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Keras .h5: {@link KerasH5Importer#parse}, seeded with the shared ad01.h5 and two small generated models. jhdf does
 * not validate every offset of a damaged file; its own exceptions, wrapped in a one-line message, are tolerated, an
 * exception thrown by earforge's importer code is not. So is a StackOverflowError inside jhdf (object header
 * continuation blocks that loop back, found by this test): the importer runs jhdf in a worker thread with a fixed
 * stack and a time limit and reports the file as corrupt. An OutOfMemoryError is never tolerated.
 */
class KerasH5Fuzz {
    /**
     * jhdf turns every object-header message of a file into short-lived objects, and a damaged header can hold
     * thousands: a 1,206-byte file found by the long run (kept as a seed) allocates about 67 MB in total before it is
     * rejected, while its live heap stays small (it is rejected the same way under -Xmx24m). Total allocation is what
     * the harness measures, so .h5 gets 256 MiB; an OutOfMemoryError is still a finding.
     */
    static final long H5_ALLOC_BASE = 256L << 20;

    static Stream<Arguments> seeds() throws IOException {
        Path dir = Files.createTempDirectory("h5seeds");
        try {
            return new Seeds().shared("models", ".h5")
                .add("small cnn", KerasSeeds.smallCnn(dir))
                .add("sequential dense", KerasSeeds.sequentialDense(dir)).stream();
        } finally {
            earforge.io.AtomicDirectory.deleteTree(dir);
        }
    }

    @MethodSource("seeds")
    @FuzzTest(maxDuration = "25s")
    void kerasH5(byte[] data) {
        Harness.check("h5", data, b -> KerasH5Importer.parse(b, "fuzz.h5"), c -> Harness.thrownInside(c, "io.jhdf."), H5_ALLOC_BASE);
    }
}
