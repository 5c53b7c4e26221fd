package earforge.train;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Trains one {@link Net} with DJL (PyTorch CPU): Adam with L2 weight decay, batches of windows drawn fresh each epoch
 * (augmented audio -> front end -> random non-silent window starts), early stopping on the clip accuracy of a
 * validation set (ties broken by its clip log-loss), cosine learning-rate decay per epoch; the best epoch's parameters
 * (BN running statistics included) are restored at the end. Without a validation set it runs exactly
 * {@code maxEpochs} epochs of the same schedule. Seeded: the same seed, data and thread count give the same model.
 */
public final class Train implements AutoCloseable {

    /**
     * {@code scheduleEpochs}: length of the cosine learning-rate schedule (lr -> lr / 100); a run may stop earlier
     * ({@code maxEpochs}, or early stopping after {@code patience} epochs without improvement).
     */
    public record Config(int maxEpochs, int scheduleEpochs, int patience, int batch, float lr, float weightDecay,
                         int windowsPerClip, Augment augment, long seed) {}

    /** One epoch's numbers. */
    public record Epoch(int epoch, double trainLoss, double valAcc, double valLoss, float lr, double seconds,
                        double featureSeconds) {}

    public final Net net;
    public final Features features;
    public final Config cfg;
    public final List<Epoch> history = new ArrayList<>();
    public int bestEpoch;
    private final Model model;
    private final Trainer trainer;
    private final Random rng;
    private float lr;
    private double featureSeconds;

    public Train(Arch arch, Features features, List<ClipData> train, Config cfg) {
        this.features = features;
        this.cfg = cfg;
        this.rng = new Random(cfg.seed());
        this.lr = cfg.lr();
        Engine.getEngine("PyTorch").setRandomSeed((int) cfg.seed());
        float[] ms = inputStats(train);
        net = new Net(arch, ms[0], ms[1]);
        model = Model.newInstance(arch.name(), "PyTorch");
        model.setBlock(net.block);
        Tracker tracker = n -> lr;
        DefaultTrainingConfig tc = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
            .optOptimizer(Optimizer.adam().optLearningRateTracker(tracker).optWeightDecays(cfg.weightDecay()).build());
        trainer = model.newTrainer(tc);
        trainer.initialize(net.inputShape(cfg.batch()));
    }

    /** Mean and standard deviation of the clean training windows' values (one scalar each). */
    private float[] inputStats(List<ClipData> train) {
        double s = 0, s2 = 0;
        long n = 0;
        for (ClipData c : train) {
            for (int st : c.decisionStarts()) {
                for (float v : features.window(c.logMel(), st)) { s += v; s2 += (double) v * v; n++; }
            }
        }
        if (n == 0) return new float[] {0, 1};
        double mean = s / n, var = Math.max(s2 / n - mean * mean, 1e-6);
        return new float[] {(float) mean, (float) Math.sqrt(var)};
    }

    /** Trains; {@code val} may be null (fixed epoch count). Returns the epoch whose parameters the net now holds. */
    public int fit(List<ClipData> train, List<ClipData> val, Consumer<Epoch> log) {
        double bestAcc = -1, bestLoss = Double.POSITIVE_INFINITY;
        List<float[]> best = null;
        int sinceBest = 0;
        for (int e = 1; e <= cfg.maxEpochs(); e++) {
            long t0 = System.nanoTime();
            double progress = Math.min(1.0, (e - 1) / (double) Math.max(1, cfg.scheduleEpochs() - 1));
            lr = (float) (cfg.lr() * (0.01 + 0.99 * 0.5 * (1 + Math.cos(Math.PI * progress))));
            double loss = epoch(train);
            double acc = Double.NaN, vloss = Double.NaN;
            if (val != null) {
                Metrics m = Metrics.of(val, features, this::predict, net.arch.classes());
                acc = m.accuracy();
                vloss = m.logLoss();
                if (acc > bestAcc || (acc == bestAcc && vloss < bestLoss)) {
                    bestAcc = acc; bestLoss = vloss; bestEpoch = e; best = snapshot(); sinceBest = 0;
                } else {
                    sinceBest++;
                }
            } else {
                bestEpoch = e;
            }
            Epoch ep = new Epoch(e, loss, acc, vloss, lr, (System.nanoTime() - t0) / 1e9, featureSeconds);
            history.add(ep);
            if (log != null) log.accept(ep);
            if (val != null && sinceBest >= cfg.patience()) break;
        }
        if (best != null) restore(best);
        return bestEpoch;
    }

    /** One pass over freshly augmented windows; returns the mean training loss. */
    private double epoch(List<ClipData> train) {
        long t0 = System.nanoTime();
        List<float[]> xs = new ArrayList<>();
        List<Integer> ys = new ArrayList<>();
        for (ClipData c : train) {
            if (c.trainStarts().length == 0) continue;
            double[][] lm = features.logMel(cfg.augment().apply(c.pcm(), features.cfg.hop(), rng));
            int maxStart = Math.max(0, lm.length - features.frames());
            for (int k = 0; k < cfg.windowsPerClip(); k++) {
                int st = Math.min(c.trainStarts()[rng.nextInt(c.trainStarts().length)], maxStart);
                float[] w = features.window(lm, st);
                cfg.augment().mask(w, features.mels(), features.frames(), rng);
                xs.add(w);
                ys.add(c.label());
            }
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < xs.size(); i++) order.add(i);
        Collections.shuffle(order, rng);
        featureSeconds = (System.nanoTime() - t0) / 1e9;
        int size = features.windowSize();
        double total = 0;
        int batches = 0;
        for (int b = 0; b + 1 < order.size(); b += cfg.batch()) {     // a last batch of 1 would break BatchNorm
            int n = Math.min(cfg.batch(), order.size() - b);
            float[] x = new float[n * size];
            float[] y = new float[n];
            for (int j = 0; j < n; j++) {
                int idx = order.get(b + j);
                System.arraycopy(xs.get(idx), 0, x, j * size, size);
                y[j] = ys.get(idx);
            }
            try (NDManager m = trainer.getManager().newSubManager()) {
                NDArray xa = m.create(x, net.inputShape(n));
                NDArray ya = m.create(y);
                try (GradientCollector gc = trainer.newGradientCollector()) {
                    NDList pred = trainer.forward(new NDList(xa));
                    NDArray l = trainer.getLoss().evaluate(new NDList(ya), pred);
                    gc.backward(l);
                    total += l.getFloat();
                }
                trainer.step();
            }
            batches++;
        }
        return batches == 0 ? Double.NaN : total / batches;
    }

    /** Softmax scores [n][classes] of windows laid out back to back (inference mode: BN running stats, no dropout). */
    public float[][] predict(float[] windows) {
        int size = features.windowSize(), n = windows.length / size, k = net.arch.classes();
        float[][] out = new float[n][];
        for (int b = 0; b < n; b += 256) {
            int cnt = Math.min(256, n - b);
            float[] x = new float[cnt * size];
            System.arraycopy(windows, b * size, x, 0, cnt * size);
            try (NDManager m = trainer.getManager().newSubManager()) {
                NDArray p = trainer.evaluate(new NDList(m.create(x, net.inputShape(cnt)))).singletonOrThrow().softmax(1);
                float[] f = p.toFloatArray();
                for (int j = 0; j < cnt; j++) {
                    out[b + j] = new float[k];
                    System.arraycopy(f, j * k, out[b + j], 0, k);
                }
            }
        }
        return out;
    }

    private List<float[]> snapshot() {
        List<float[]> s = new ArrayList<>();
        for (var p : net.block.getParameters()) s.add(p.getValue().getArray().toFloatArray());
        return s;
    }

    private void restore(List<float[]> s) {
        int i = 0;
        for (var p : net.block.getParameters()) {
            Parameter par = p.getValue();
            par.getArray().set(s.get(i++));
        }
    }

    @Override public void close() {
        trainer.close();
        model.close();
    }
}
