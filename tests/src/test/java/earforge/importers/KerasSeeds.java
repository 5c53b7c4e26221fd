package earforge.importers;

import static earforge.importers.KerasFile.cfg;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Small Keras .h5 files for tests outside this package (fuzz seeds): our own generated models. */
public final class KerasSeeds {
    private KerasSeeds() {}

    /** A functional conv -> batch norm -> relu -> global pool -> dense softmax model, as bytes. */
    public static byte[] smallCnn(Path dir) {
        KerasFile k = KerasFile.functional(11).input("in", 6, 5, 1);
        k.add("Conv2D", "c", cfg("filters", 2, "kernel_size", new int[] {3, 3}, "strides", new int[] {1, 1}, "padding", "same",
            "activation", "linear", "use_bias", true), List.of("in"), "kernel", k.random(1, 3, 3, 1, 2), "bias", k.random(1, 2));
        k.add("BatchNormalization", "bn", cfg("epsilon", 0.001, "center", true, "scale", true), List.of("c"), k.bnWeights(2));
        k.add("ReLU", "r", cfg(), List.of("bn"));
        k.add("GlobalAveragePooling2D", "g", cfg(), List.of("r"));
        k.add("Dense", "d", cfg("units", 3, "activation", "softmax", "use_bias", true), List.of("g"), "kernel", k.random(1, 2, 3),
            "bias", k.random(1, 3));
        k.outputs("d");
        return bytes(k.write(dir.resolve("small_cnn.h5")));
    }

    /** A Sequential dense model. */
    public static byte[] sequentialDense(Path dir) {
        KerasFile k = KerasFile.sequential(12).input("in", 4);
        k.add("Dense", "d1", cfg("units", 3, "activation", "relu", "use_bias", true), "kernel", k.random(1, 4, 3), "bias", k.random(1, 3));
        k.add("Dense", "d2", cfg("units", 2, "activation", "linear", "use_bias", false), "kernel", k.random(1, 3, 2));
        return bytes(k.write(dir.resolve("seq_dense.h5")));
    }

    private static byte[] bytes(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
