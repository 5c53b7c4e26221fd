package earforge.quant;

import earforge.EarforgeException;
import earforge.dsp.FrontendConfig;
import earforge.eval.AudioSet;
import earforge.eval.ClipFeatures;
import earforge.eval.InputLayout;
import earforge.io.Npy;
import earforge.ir.DType;
import earforge.ir.Graph;
import earforge.ir.Tensor;
import earforge.sim.Batches;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Calibration windows for a float model: float model inputs from audio through the float front end (a dataset folder,
 * optionally restricted to folds, or single WAV files; every window of every clip), or float32 .npy arrays of model
 * inputs (a leading N = N windows). For audio, the fixed-point front end's int8 window of the same position is kept
 * beside each float window (null for .npy). More than {@code maxWindows} windows are thinned evenly.
 */
public record CalibrationData(List<float[]> floats, List<byte[]> int8, int clips, List<String> sources) {

    public static CalibrationData collect(Graph floatGraph, FrontendConfig cfg, List<Path> paths, int[] folds, int maxWindows) {
        Tensor in = floatGraph.input(0);
        List<float[]> fl = new ArrayList<>();
        List<byte[]> q = new ArrayList<>();
        List<String> src = new ArrayList<>();
        int clips = 0;
        ClipFeatures fe = null;
        for (Path p : paths) {
            if (p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".npy")) {
                Npy.Array a = Npy.read(p);
                if (a.type() != DType.FLOAT32) throw EarforgeException.of("%s: calibration arrays must be float32, not %s", p, a.type());
                Object[] runs = Batches.split(in, a, p.toString());
                for (Object r : runs) { fl.add((float[]) r); q.add(null); }
                src.add(String.format(Locale.ROOT, "%s: %d windows", p, runs.length));
                continue;
            }
            if (cfg == null) {
                throw EarforgeException.of("calibration audio %s needs a front end: give --frontend (preset or frontend.json) or put "
                    + "frontend.json beside the model", p);
            }
            AudioSet set = AudioSet.load(p);
            if (fe == null) fe = new ClipFeatures(cfg, InputLayout.of(in, cfg));
            boolean hasFolds = set.clips().stream().anyMatch(c -> c.fold() > 0);
            if (hasFolds && folds != null && folds.length > 0) set = set.folds(folds);
            int before = fl.size();
            for (AudioSet.Clip c : set.clips()) {
                ClipFeatures.Windows w = fe.of(c.file(), true, true);
                for (int i = 0; i < w.count(); i++) { fl.add(w.floats()[i]); q.add(w.int8()[i]); }
                clips++;
            }
            src.add(String.format(Locale.ROOT, "%s: %d clips%s, %d windows", p, set.clips().size(),
                hasFolds && folds != null && folds.length > 0 ? " (folds " + java.util.Arrays.toString(folds) + ")" : "", fl.size() - before));
        }
        if (fl.isEmpty()) throw new EarforgeException("calibration: no windows");
        if (fl.size() > maxWindows) {
            List<float[]> f2 = new ArrayList<>();
            List<byte[]> q2 = new ArrayList<>();
            for (int i = 0; i < maxWindows; i++) {
                int k = (int) ((long) i * fl.size() / maxWindows);
                f2.add(fl.get(k));
                q2.add(q.get(k));
            }
            fl = f2;
            q = q2;
        }
        return new CalibrationData(fl, q, clips, src);
    }
}
