package earforge.verify;

import earforge.EarforgeException;
import earforge.eval.AudioSet;
import earforge.eval.ClipFeatures;
import earforge.eval.InputLayout;
import earforge.eval.ModelRunner;
import earforge.eval.Progress;
import earforge.dsp.FrontendConfig;
import earforge.ir.DType;
import earforge.ir.Graph;
import earforge.ir.Operator;
import earforge.ir.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The int8-vs-float regression test: every clip goes through the float front end into the float model and through
 * the fixed-point front end into the int8 model (Java simulator, every tensor tapped). Clip decisions are the mean of
 * the window scores over non-silent windows; accuracies, top-1 agreement (clip and window level), confusion
 * matrices and per-layer error of each matched tensor are gathered.
 */
public final class Verifier {
    public record Settings(double maxDrop, double minAgreement) {}

    /** A float tensor and the int8 tensor it is compared with. */
    record Pair(int op, String opType, int floatTensor, int int8Tensor, String matchedBy) {}

    private final Graph fg, qg;
    private final ModelRunner fr, qr;
    private final ClipFeatures ffe, qfe;
    private final FrontendConfig cfg;
    private final List<Pair> pairs;

    public Verifier(Graph floatGraph, Graph int8Graph, FrontendConfig cfg) {
        fg = floatGraph;
        qg = int8Graph;
        fr = new ModelRunner(fg);
        qr = new ModelRunner(qg);
        if (fr.int8()) throw EarforgeException.of("--float model '%s' has an int8 input; give the float32 model", fg.name);
        if (!qr.int8()) throw EarforgeException.of("--int8 model '%s' has a %s input; give the int8 model", qg.name, qr.input.type);
        if (fr.output.elements() != qr.output.elements()) {
            throw EarforgeException.of("the float model has %d outputs and the int8 model %d", fr.output.elements(), qr.output.elements());
        }
        this.cfg = cfg;
        ffe = new ClipFeatures(cfg, InputLayout.of(fr.input, cfg));
        qfe = new ClipFeatures(cfg, InputLayout.of(qr.input, cfg));
        pairs = match(fg, qg);
    }

    /**
     * int8 tensors (the model input, then every operator's output) matched to float tensors of the same shape: by
     * tensor name, else by position (operator k's output in both graphs) when both have the same operator count.
     */
    static List<Pair> match(Graph fg, Graph qg) {
        List<Pair> out = new ArrayList<>();
        int q0 = qg.inputs[0], f0 = fg.inputs[0];
        out.add(new Pair(-1, "input", f0, q0, "input"));
        for (int k = 0; k < qg.operators.size(); k++) {
            Operator op = qg.operators.get(k);
            Tensor qt = qg.tensor(op.output(0));
            if (qt.type != DType.INT8 || qt.quant == null) continue;
            int f = -1;
            String how = null;
            for (Tensor t : fg.tensors) {
                if (!t.isConstant() && t.name.equals(qt.name) && Arrays.equals(t.shape, qt.shape)) { f = t.index; how = "name"; break; }
            }
            if (f < 0 && fg.operators.size() == qg.operators.size()) {
                Tensor ft = fg.tensor(fg.operators.get(k).output(0));
                if (Arrays.equals(ft.shape, qt.shape) && fg.operators.get(k).type == op.type) { f = ft.index; how = "position"; }
            }
            if (f >= 0) out.add(new Pair(k, op.type.name(), f, qt.index, how));
        }
        return out;
    }

    public VerifyReport run(AudioSet set, String floatPath, String int8Path, Settings s) {
        long t0 = System.nanoTime();
        List<String> labels = set.labels();
        int classes = qr.output.elements();
        if (labels.size() != classes) {
            throw EarforgeException.of("the dataset has %d classes %s but the model outputs %d scores; give the model's labels.txt",
                labels.size(), labels, classes);
        }
        if (!set.labelled()) throw EarforgeException.of("%s: verify needs labelled clips (a CSV with a category column, or one sub-folder per class)", set.source());
        LayerError[] err = new LayerError[pairs.size()];
        for (int i = 0; i < err.length; i++) err[i] = new LayerError();
        int n = set.clips().size();
        int[][] cf = new int[classes][classes], cq = new int[classes][classes];
        int[] foldIds = set.clips().stream().mapToInt(AudioSet.Clip::fold).distinct().sorted().toArray();
        int[][] foldCounts = new int[foldIds.length][4];   // clips, float correct, int8 correct, agree
        int windows = 0, windowAgree = 0, voiced = 0, voicedAgree = 0, clipAgree = 0, fOk = 0, qOk = 0;
        List<VerifyReport.Disagreement> dis = new ArrayList<>();
        try (Progress bar = Progress.start("verify", n)) {
            for (int c = 0; c < n; c++) {
                AudioSet.Clip clip = set.clips().get(c);
                ClipFeatures.Windows fw = ffe.of(clip.file(), true, false), qw = qfe.of(clip.file(), false, true);
                float[][] fs = new float[fw.count()][], qs = new float[fw.count()][];
                for (int w = 0; w < fw.count(); w++) {
                    Object[] ft = fr.taps(fw.floats()[w]);
                    Object[] qt = qr.taps(qw.int8()[w]);
                    for (int p = 0; p < pairs.size(); p++) {
                        Pair pr = pairs.get(p);
                        err[p].add(ModelRunner.toFloat(fg.tensor(pr.floatTensor()), ft[pr.floatTensor()]),
                            ModelRunner.toFloat(qg.tensor(pr.int8Tensor()), qt[pr.int8Tensor()]));
                    }
                    fs[w] = ModelRunner.toFloat(fr.output, ft[fr.output.index]);
                    qs[w] = ModelRunner.toFloat(qr.output, qt[qr.output.index]);
                    windows++;
                    boolean same = ClipFeatures.argmax(fs[w]) == ClipFeatures.argmax(qs[w]);
                    if (same) windowAgree++;
                    if (!fw.silent()[w]) { voiced++; if (same) voicedAgree++; }
                }
                double[] fm = ClipFeatures.clipScores(fs, fw.silent()), qm = ClipFeatures.clipScores(qs, fw.silent());
                int fp = ClipFeatures.argmax(fm), qp = ClipFeatures.argmax(qm), y = clip.label();
                cf[y][fp]++;
                cq[y][qp]++;
                int fi = Arrays.binarySearch(foldIds, clip.fold());
                foldCounts[fi][0]++;
                if (fp == y) { fOk++; foldCounts[fi][1]++; }
                if (qp == y) { qOk++; foldCounts[fi][2]++; }
                if (fp == qp) { clipAgree++; foldCounts[fi][3]++; } else {
                    dis.add(new VerifyReport.Disagreement(clip.name(), clip.fold(), labels.get(y), labels.get(fp), labels.get(qp),
                        fm[fp], qm[qp]));
                }
                bar.update(c + 1, String.format(java.util.Locale.ROOT, "clips  agreement %.1f%%", 100.0 * clipAgree / (c + 1)));
            }
        }
        List<VerifyReport.Fold> folds = new ArrayList<>();
        for (int i = 0; i < foldIds.length; i++) {
            int[] k = foldCounts[i];
            folds.add(new VerifyReport.Fold(foldIds[i], k[0], ratio(k[1], k[0]), ratio(k[2], k[0]), ratio(k[3], k[0])));
        }
        List<VerifyReport.ClassResult> perClass = new ArrayList<>();
        for (int y = 0; y < classes; y++) {
            int total = Arrays.stream(cf[y]).sum();
            perClass.add(new VerifyReport.ClassResult(labels.get(y), total, ratio(cf[y][y], total), ratio(cq[y][y], total)));
        }
        List<VerifyReport.Layer> layers = new ArrayList<>();
        for (int p = 0; p < pairs.size(); p++) {
            Pair pr = pairs.get(p);
            Tensor qt = qg.tensor(pr.int8Tensor());
            double snr = err[p].snrDb();
            layers.add(new VerifyReport.Layer(pr.op(), pr.opType(), qt.name, qt.shape, pr.matchedBy(), err[p].cosine(), err[p].rmse(),
                Double.isInfinite(snr) && snr > 0 ? null : snr, err[p].maxAbs(), qt.quant.scale()));
        }
        double fa = ratio(fOk, n), qa = ratio(qOk, n), agree = ratio(clipAgree, n);
        List<String> failures = new ArrayList<>();
        if (fa - qa > s.maxDrop() + 1e-12) {
            failures.add(String.format(java.util.Locale.ROOT, "int8 accuracy %.2f%% is %.2f pp below float %.2f%% (max drop %.2f pp)",
                100 * qa, 100 * (fa - qa), 100 * fa, 100 * s.maxDrop()));
        }
        if (agree < s.minAgreement() - 1e-12) {
            failures.add(String.format(java.util.Locale.ROOT, "clip top-1 agreement %.2f%% is below %.2f%%", 100 * agree, 100 * s.minAgreement()));
        }
        return new VerifyReport(floatPath, int8Path, set.source().toString(), foldIds, cfg.summary(), ffe.layout.describe(),
            qfe.layout.describe(), labels, n, windows, fa, qa, fa - qa, agree, ratio(windowAgree, windows), voiced, ratio(voicedAgree, voiced), folds, perClass, cf, cq,
            layers, Budgets.of(qg), new VerifyReport.Thresholds(s.maxDrop(), s.minAgreement()), failures.isEmpty(), failures, dis,
            (System.nanoTime() - t0) / 1e9);
    }

    private static double ratio(int a, int b) { return b == 0 ? 0 : (double) a / b; }
}
