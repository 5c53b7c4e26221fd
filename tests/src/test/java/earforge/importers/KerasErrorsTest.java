package earforge.importers;

import static earforge.importers.KerasFile.cfg;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import earforge.EarforgeException;
import earforge.ir.Graph;
import earforge.ir.OpType;
import earforge.testing.Shared;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad .h5 inputs end in one-line EarforgeExceptions naming the file and the layer; ModelLoader picks by content. */
class KerasErrorsTest {
    @TempDir Path dir;

    /** Writes k as dir/name and asserts the import fails; messages start with the path. */
    private AbstractThrowableAssert<?, ? extends Throwable> fails(KerasFile k, String name) {
        Path p = k.write(dir.resolve(name));
        return assertThatThrownBy(() -> KerasH5Importer.load(p)).isInstanceOf(EarforgeException.class)
            .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    private static KerasFile dense(long seed) {
        KerasFile k = KerasFile.functional(seed).input("in", 4);
        return k;
    }

    @Test
    void lambdaLayer() {
        KerasFile k = dense(1);
        k.add("Lambda", "scale_by_two", cfg("function", KerasFile.JSON.createArrayNode().add("4wEAAAAAAAAAAQAAAAIAAABTAAAAcwgAAAB8AGQBFABTAKkCTukCAAAAqQCpAdoBeHIDAAAAcgMAAAD6CDxzdGRpbj7aCDxsYW1iZGE+AQAAAPMAAAAA").addNull().addNull(),
            "function_type", "lambda", "module", "__main__", "output_shape", null, "arguments", cfg()));
        k.add("Dense", "d", cfg("units", 2, "activation", "linear", "use_bias", true), "kernel", k.random(1, 4, 2), "bias", k.random(1, 2));
        fails(k, "lambda.h5").hasMessage(dir.resolve("lambda.h5") + ": layer 'scale_by_two' (Lambda): Lambda layers hold Python code and cannot be imported; "
            + "replace it with built-in layers");
    }

    @Test
    void unknownLayerType() {
        KerasFile k = dense(2);
        k.add("MyAttention", "att", cfg("heads", 2));
        fails(k, "custom.h5").hasMessageStartingWith(dir.resolve("custom.h5") + ": layer 'att' (MyAttention): unsupported layer type (custom objects cannot be imported; supported: ")
            .hasMessageContaining("Conv2D").hasMessageContaining("GlobalAveragePooling2D");
    }

    @Test
    void customActivation() {
        KerasFile k = dense(3);
        k.add("Dense", "d", cfg("units", 2, "activation", "my_swish", "use_bias", true), "kernel", k.random(1, 4, 2), "bias", k.random(1, 2));
        fails(k, "act.h5").hasMessage(dir.resolve("act.h5") + ": layer 'd' (Dense): activation 'my_swish' is not supported "
            + "(supported: linear, relu, relu6, sigmoid, tanh, softmax)");
    }

    @Test
    void missingBias() {
        KerasFile k = dense(4);
        k.add("Dense", "d", cfg("units", 2, "activation", "linear", "use_bias", true), "kernel", k.random(1, 4, 2));
        fails(k, "nobias.h5").hasMessage(dir.resolve("nobias.h5") + ": layer 'd' (Dense): missing weights 'bias' (found kernel)");
    }

    @Test
    void missingAllWeights() {
        KerasFile k = KerasFile.functional(5).input("in", 5, 5, 1);
        k.add("Conv2D", "conv", cfg("filters", 2, "kernel_size", 3, "padding", "same", "activation", "linear", "use_bias", true));
        fails(k, "noweights.h5").hasMessage(dir.resolve("noweights.h5") + ": layer 'conv' (Conv2D): missing weights 'kernel' (found none)");
    }

    @Test
    void wrongWeightShape() {
        KerasFile k = dense(6);
        k.add("Dense", "d", cfg("units", 2, "activation", "linear", "use_bias", false), "kernel", k.random(1, 2, 4));
        fails(k, "shape.h5").hasMessage(dir.resolve("shape.h5") + ": layer 'd' (Dense): weight 'kernel' has shape [2, 4], expected [4, 2]");
    }

    @Test
    void weightsOnlyFileAndKeras3() {
        KerasFile k = dense(7);
        k.add("Dense", "d", cfg("units", 2, "activation", "linear", "use_bias", false), "kernel", k.random(1, 4, 2));
        k.writeConfig = false;
        fails(k, "weights.h5").hasMessageStartingWith(dir.resolve("weights.h5") + ": no model_config attribute: not a Keras model file");
        k.writeConfig = true;
        k.kerasVersion = "3.3.3";
        fails(k, "k3.h5").hasMessage(dir.resolve("k3.h5") + ": saved by Keras 3.3.3; only Keras 2.x HDF5 files are supported (save with tf.keras 2.x)");
    }

    @Test
    void notHdf5() throws Exception {
        Path p = dir.resolve("notes.h5");
        Files.writeString(p, "this is not a model\n".repeat(100));
        assertThatThrownBy(() -> KerasH5Importer.load(p)).isInstanceOf(EarforgeException.class)
            .hasMessage(dir.resolve("notes.h5") + ": not an HDF5 file (no HDF5 signature)");
        // ModelLoader falls back on the extension and reports the same.
        assertThatThrownBy(() -> ModelLoader.load(p)).hasMessage(dir.resolve("notes.h5") + ": not an HDF5 file (no HDF5 signature)");
        Path empty = Files.write(dir.resolve("empty.h5"), new byte[0]);
        assertThatThrownBy(() -> KerasH5Importer.load(empty)).hasMessage(dir.resolve("empty.h5") + ": not an HDF5 file (no HDF5 signature)");
        Path bin = Files.write(dir.resolve("model.bin"), new byte[300]);
        assertThatThrownBy(() -> ModelLoader.load(bin)).hasMessage(bin + ": not a .tflite or Keras .h5 model");
    }

    @Test
    void truncatedHdf5() throws Exception {
        KerasFile k = dense(8);
        k.add("Dense", "d", cfg("units", 2, "activation", "linear", "use_bias", false), "kernel", k.random(1, 4, 2));
        Path full = k.write(dir.resolve("full.h5"));
        byte[] b = Files.readAllBytes(full);
        Path cut = Files.write(dir.resolve("cut.h5"), java.util.Arrays.copyOf(b, b.length / 3));
        assertThatThrownBy(() -> KerasH5Importer.load(cut)).isInstanceOf(EarforgeException.class)
            .hasMessageStartingWith(dir.resolve("cut.h5") + ": ").satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void corruptedBytesGiveOneLineErrors() throws Exception {
        KerasFile k = KerasFile.functional(10).input("in", 6, 6, 2);
        k.add("Conv2D", "conv", cfg("filters", 2, "kernel_size", 3, "padding", "same", "activation", "relu", "use_bias", true),
            "kernel", k.random(1, 3, 3, 2, 2), "bias", k.random(1, 2));
        byte[] good = Files.readAllBytes(k.write(dir.resolve("good.h5")));
        java.util.Random r = new java.util.Random(2);
        int failed = 0;
        for (int i = 0; i < 25; i++) {
            byte[] b = good.clone();
            for (int j = 0; j < 4; j++) b[8 + r.nextInt(b.length - 8)] ^= (byte) (1 + r.nextInt(255));
            Path p = Files.write(dir.resolve("bad" + i + ".h5"), b);
            try {
                org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(10), () -> KerasH5Importer.load(p));
            } catch (EarforgeException e) {
                assertThat(e.getMessage()).startsWith(p + ": ").doesNotContain("\n");
                failed++;
            }
        }
        assertThat(failed).as("corruptions detected").isGreaterThan(0);
    }

    @Test
    void modelLoaderPicksByContent() throws Exception {
        KerasFile k = dense(9);
        k.add("Dense", "d", cfg("units", 2, "activation", "relu", "use_bias", false), "kernel", k.random(1, 4, 2));
        Path h5 = k.write(dir.resolve("m.h5"));
        Path renamed = Files.copy(h5, dir.resolve("model.bin"));
        Graph g = ModelLoader.load(renamed);
        assertThat(g.operators).hasSize(1);
        assertThat(g.operators.get(0).type).isEqualTo(OpType.FULLY_CONNECTED);
        assertThatThrownBy(() -> ModelLoader.load(dir)).hasMessageContaining("is a directory");
    }

    @Test
    void modelLoaderReadsTflite() {
        Path tfl = Shared.require("models/ad01_fp32.tflite");
        Graph t = ModelLoader.load(tfl);
        assertThat(t.operators).hasSize(10);
        assertThat(List.of(t.input(0).shape[1], t.output(0).shape[1])).containsExactly(640, 640);
    }
}
