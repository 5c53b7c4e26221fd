package earforge.importers;

import earforge.EarforgeException;
import earforge.importers.KerasLayer.Ref;
import earforge.importers.KerasWeights.Weight;
import earforge.ir.Graph;
import earforge.ir.OpType;
import earforge.ir.Tensor;
import io.jhdf.HdfFile;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Imports a Keras 2.x HDF5 model ({@code model.save("m.h5")}: root attribute {@code model_config} (JSON) and group
 * {@code model_weights}) as a FLOAT32 IR graph with batch 1, channels-last. Sequential and Functional models.
 * <p>Layers: InputLayer, Conv2D, SeparableConv2D, DepthwiseConv2D, BatchNormalization, MaxPooling2D,
 * AveragePooling2D, GlobalAveragePooling2D, Dense, Flatten, Reshape, Activation (linear, relu, relu6, sigmoid,
 * tanh, softmax), ReLU, LeakyReLU, Dropout (identity at inference), ZeroPadding2D, Add, Concatenate.
 * <p>BatchNormalization is folded into the weights and bias of the preceding Conv2D / DepthwiseConv2D /
 * SeparableConv2D / Dense when the BN is the only consumer of that layer's output and the layer has no activation;
 * otherwise it stays as MUL + ADD with constant per-channel vectors. ReLU/ReLU6 are fused into the preceding op
 * as TFLite's converter does (see {@link FloatFusion}).
 * <p>Every failure (not HDF5, unknown layer, Lambda or custom object, missing weights) is one line naming the
 * file and the layer with its class.
 */
public final class KerasH5Importer {
    private KerasH5Importer() {}

    /** The 8-byte HDF5 signature; it is at offset 0, 512, 1024, 2048... (after an optional user block). */
    static final byte[] HDF5_MAGIC = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};

    private static final Set<String> IDENTITY = Set.of("Dropout", "SpatialDropout1D", "SpatialDropout2D",
        "GaussianNoise", "GaussianDropout", "AlphaDropout");
    private static final Set<String> SUPPORTED = Set.of("InputLayer", "Conv2D", "SeparableConv2D", "DepthwiseConv2D",
        "BatchNormalization", "MaxPooling2D", "AveragePooling2D", "GlobalAveragePooling2D", "Dense", "Flatten",
        "Reshape", "Activation", "ReLU", "LeakyReLU", "ZeroPadding2D", "Add", "Concatenate");
    private static final Set<String> CODE_LAYERS = Set.of("Lambda", "TFOpLambda", "SlicingOpLambda");

    public static Graph load(Path path) {
        String src = path.toString();
        if (!Files.isRegularFile(path)) throw EarforgeException.of("%s: no such file", src);
        if (!isHdf5(path)) throw EarforgeException.of("%s: not an HDF5 file (no HDF5 signature)", src);
        try {
            if (Files.size(path) > MAX_FILE_BYTES) throw EarforgeException.of("%s: file too large for a microcontroller model (%d bytes)", src, Files.size(path));
        } catch (java.io.IOException e) {
            throw EarforgeException.of("%s: cannot read (%s)", src, e.getMessage());
        }
        Graph g = importFile(() -> new HdfFile(path), src);
        String file = path.getFileName().toString();
        g.name = file.replaceFirst("\\.(h5|hdf5|keras)$", "");
        return g;
    }

    /** The same import from the bytes of a file ({@code src} names it in errors); what the fuzz tests drive. */
    public static Graph parse(byte[] bytes, String src) {
        if (bytes.length > MAX_FILE_BYTES) throw EarforgeException.of("%s: file too large for a microcontroller model (%d bytes)", src, bytes.length);
        if (!isHdf5(bytes)) throw EarforgeException.of("%s: not an HDF5 file (no HDF5 signature)", src);
        return importFile(() -> HdfFile.fromBytes(bytes), src);
    }

    /** Refuse files beyond this (as TfliteReader). */
    public static final long MAX_FILE_BYTES = 256L << 20;

    /**
     * jhdf follows an object header's continuation blocks by recursion and does not notice when they loop back: a
     * damaged file overflows the stack, and a file could make it spin. So the import runs in a worker thread of its
     * own, with a fixed stack and a time limit, and an overflow there is reported as the corrupt file it is.
     */
    static final long WORKER_STACK_BYTES = 4L << 20, TIMEOUT_SECONDS = 60;

    /** The worker: one daemon thread, reused; replaced when an import times out (the stuck thread is abandoned). */
    private static java.util.concurrent.ExecutorService worker;

    private static java.util.concurrent.ExecutorService newWorker() {
        return java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(null, r, "earforge-h5-import", WORKER_STACK_BYTES);
            t.setDaemon(true);
            return t;
        });
    }

    private static synchronized Graph importFile(java.util.function.Supplier<HdfFile> open, String src) {
        if (worker == null) worker = newWorker();
        java.util.concurrent.Future<Graph> task = worker.submit(() -> importNow(open, src));
        try {
            return task.get(TIMEOUT_SECONDS, java.util.concurrent.TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            worker.shutdownNow();
            worker = null;
            throw EarforgeException.of("%s: reading the HDF5 file took more than %d s (a damaged file that loops?)", src, TIMEOUT_SECONDS);
        } catch (InterruptedException e) {
            task.cancel(true);
            Thread.currentThread().interrupt();
            throw EarforgeException.of("%s: interrupted while reading", src);
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException r) throw r;
            if (c instanceof Error err) throw err;
            throw new IllegalStateException(c);
        }
    }

    private static Graph importNow(java.util.function.Supplier<HdfFile> open, String src) {
        try (HdfFile f = open.get()) {
            return new KerasH5Importer.Run(f).build();
        } catch (EarforgeException e) {
            throw new EarforgeException(src + ": " + e.getMessage(), e);
        } catch (io.jhdf.exceptions.HdfException e) {
            // jhdf wraps the reason ("Checksum mismatch...", "Unrecognized message type...") in "Failed to load ..."
            Throwable why = e;
            while (why.getCause() != null && why.getCause().getMessage() != null) why = why.getCause();
            String msg = why.getMessage() == null ? why.getClass().getSimpleName() : why.getMessage().lines().findFirst().orElse("")
                .replaceAll("@[0-9a-f]{4,}\\b", "");   // jhdf may name objects by identity hash: keep messages reproducible
            throw new EarforgeException(src + ": cannot read the HDF5 file (" + msg + ")", e);
        } catch (StackOverflowError e) {
            throw new EarforgeException(src + ": corrupt HDF5 file (its object headers or groups refer to each other in a loop)", e);
        } catch (RuntimeException | OutOfMemoryError e) {
            // jhdf does not validate every offset and length of a damaged file; the cause is kept for the fuzz tests
            throw new EarforgeException(src + ": corrupt or unsupported HDF5 file (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    /** {@link #isHdf5(Path)} on bytes in memory. */
    static boolean isHdf5(byte[] b) {
        for (long off = 0; off + 8 <= b.length && off <= (1L << 20); off = off == 0 ? 512 : off * 2) {
            if (Arrays.equals(b, (int) off, (int) off + 8, HDF5_MAGIC, 0, 8)) return true;
        }
        return false;
    }

    /** True when the file starts with the HDF5 signature (at 0 or at a user-block offset of 512 * 2^k). */
    public static boolean isHdf5(Path path) {
        try (InputStream in = Files.newInputStream(path)) {
            byte[] head = in.readNBytes(8);
            if (Arrays.equals(head, HDF5_MAGIC)) return true;
            long pos = 8;
            for (long off = 512; off <= (1L << 20); off *= 2) {
                in.skipNBytes(off - pos);
                head = in.readNBytes(8);
                pos = off + head.length;
                if (head.length < 8) return false;
                if (Arrays.equals(head, HDF5_MAGIC)) return true;
            }
            return false;
        } catch (java.io.EOFException e) {
            return false;
        } catch (IOException e) {
            throw EarforgeException.of("%s: cannot read (%s)", path, e.getMessage());
        }
    }

    /** One import. */
    private static final class Run {
        private final HdfFile file;
        private final GraphBuilder b = new GraphBuilder();
        private KerasWeights weights;

        Run(HdfFile file) { this.file = file; }

        Graph build() {
            KerasModelConfig mc = KerasModelConfig.read(file);
            Node mw = file.getChildren().get("model_weights");
            if (!(mw instanceof Group mwg)) throw new EarforgeException("no model_weights group (the file holds no weights)");
            weights = new KerasWeights(mwg);
            List<KerasLayer> layers = mc.layers();
            List<Ref> inputs = mc.inputs(), outputs = mc.outputs();
            for (KerasLayer l : layers) checkSupported(l);
            Map<String, KerasLayer> byName = new LinkedHashMap<>();
            for (KerasLayer l : layers) {
                if (byName.put(l.name(), l) != null) throw l.fail("duplicate layer name");
            }
            for (Ref r : inputs) {
                KerasLayer l = byName.get(r.layer());
                if (l == null || !l.className().equals("InputLayer")) throw EarforgeException.of("model input %s is not an InputLayer", r);
                b.bind(l, 0, b.input(l.name(), CoreLayers.inputShape(l)));
            }
            emitAll(layers);
            int[] outIdx = new int[outputs.size()];
            for (int i = 0; i < outIdx.length; i++) {
                Ref r = outputs.get(i);
                KerasLayer l = byName.get(r.layer());
                if (l == null) throw EarforgeException.of("model output %s is not a layer of the model", r);
                Tensor t = b.get(l, r);
                for (int in : b.g.inputs) if (in == t.index) throw l.fail("model output is the model input unchanged");
                outIdx[i] = t.index;
            }
            if (outIdx.length == 0) throw new EarforgeException("the model has no outputs");
            b.g.outputs = outIdx;
            return FloatFusion.run(b.g);
        }

        private static void checkSupported(KerasLayer l) {
            String c = l.className();
            if (SUPPORTED.contains(c) || IDENTITY.contains(c)) return;
            if (CODE_LAYERS.contains(c)) throw l.fail("Lambda layers hold Python code and cannot be imported; replace it with built-in layers");
            if (Set.of("Sequential", "Functional", "Model").contains(c)) throw l.fail("nested models are not supported; flatten the model");
            throw l.fail("unsupported layer type (custom objects cannot be imported; supported: %s)",
                String.join(", ", new java.util.TreeSet<>(SUPPORTED)) + ", Dropout");
        }

        /** Emits every layer call once all its inputs exist (Keras lists layers in dependency order; shared layers may interleave). */
        private void emitAll(List<KerasLayer> layers) {
            record Call(KerasLayer layer, int node, List<Ref> refs) {}
            List<Call> pending = new ArrayList<>();
            for (KerasLayer l : layers) {
                if (l.className().equals("InputLayer")) continue;
                for (int i = 0; i < l.inbound().size(); i++) pending.add(new Call(l, i, l.inbound().get(i)));
            }
            boolean progress = true;
            while (!pending.isEmpty() && progress) {
                progress = false;
                for (var it = pending.iterator(); it.hasNext(); ) {
                    Call c = it.next();
                    if (!c.refs.stream().allMatch(b::has)) continue;
                    List<Tensor> xs = new ArrayList<>();
                    for (Ref r : c.refs) xs.add(b.get(c.layer, r));
                    b.bind(c.layer, c.node, emit(c.layer, xs));
                    it.remove();
                    progress = true;
                }
            }
            if (!pending.isEmpty()) {
                Call c = pending.get(0);
                Ref missing = c.refs.stream().filter(r -> !b.has(r)).findFirst().orElseThrow();
                throw c.layer.fail("input %s is never produced (not connected to a model input)", missing);
            }
        }

        private Tensor emit(KerasLayer l, List<Tensor> xs) {
            String c = l.className();
            if (c.equals("Add")) return MergeLayers.add(b, l, xs);
            if (c.equals("Concatenate")) return MergeLayers.concatenate(b, l, xs);
            if (xs.size() != 1) throw l.fail("expects 1 input, got %d", xs.size());
            Tensor x = xs.get(0);
            Map<String, Weight> w = weights.of(l);
            Tensor y = switch (c) {
                case "Conv2D" -> ConvLayers.conv2d(b, l, w, x);
                case "DepthwiseConv2D" -> ConvLayers.depthwise(b, l, w, x);
                case "SeparableConv2D" -> ConvLayers.separable(b, l, w, x);
                case "Dense" -> CoreLayers.dense(b, l, w, x);
                case "BatchNormalization" -> BatchNorm.emit(b, l, w, x);
                case "MaxPooling2D" -> PoolingLayers.pool(b, l, x, OpType.MAX_POOL_2D);
                case "AveragePooling2D" -> PoolingLayers.pool(b, l, x, OpType.AVERAGE_POOL_2D);
                case "GlobalAveragePooling2D" -> PoolingLayers.globalAverage(b, l, x);
                case "ZeroPadding2D" -> PoolingLayers.zeroPadding(b, l, x);
                case "Flatten" -> CoreLayers.flatten(b, l, x);
                case "Reshape" -> CoreLayers.reshapeLayer(b, l, x);
                case "Activation" -> CoreLayers.activationLayer(b, l, x);
                case "ReLU" -> CoreLayers.relu(b, l, x);
                case "LeakyReLU" -> CoreLayers.leakyRelu(b, l, x);
                default -> {
                    if (IDENTITY.contains(c)) yield x;
                    throw l.fail("unsupported layer type");
                }
            };
            return y;
        }
    }
}
