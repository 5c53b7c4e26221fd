package earforge.train;

import java.util.ArrayList;
import java.util.List;

/** A clip loaded for training: its audio, clean log-mel, per-frame power and the starts of its non-silent windows. */
public record ClipData(Dataset.Clip clip, short[] pcm, double[][] logMel, double[] framePower, int[] evalStarts,
                    boolean[] evalSilent, int[] trainStarts) {

    public static ClipData load(Dataset.Clip c, Features f) {
        short[] pcm = Audio.read(c.file(), f.cfg.sampleRate());
        double[][] lm = f.logMel(pcm);
        double[] power = f.framePower(pcm, lm.length);
        int[] eval = f.windowStarts(lm.length);
        boolean[] silent = new boolean[eval.length];
        for (int i = 0; i < eval.length; i++) silent[i] = f.silent(power, eval[i]);
        List<Integer> ok = new ArrayList<>();
        for (int s = 0; s + f.frames() <= Math.max(lm.length, f.frames()); s++) if (!f.silent(power, s)) ok.add(s);
        return new ClipData(c, pcm, lm, power, eval, silent, ok.stream().mapToInt(Integer::intValue).toArray());
    }

    public int label() { return clip.label(); }

    /** Evaluation windows used for the clip decision: the non-silent ones, or all when every window is silent. */
    public int[] decisionStarts() {
        List<Integer> s = new ArrayList<>();
        for (int i = 0; i < evalStarts.length; i++) if (!evalSilent[i]) s.add(evalStarts[i]);
        return s.isEmpty() ? evalStarts.clone() : s.stream().mapToInt(Integer::intValue).toArray();
    }
}
