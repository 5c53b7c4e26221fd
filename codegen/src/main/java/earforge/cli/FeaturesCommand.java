package earforge.cli;

import earforge.EarforgeException;
import earforge.dsp.FixedFrontend;
import earforge.dsp.FloatFrontend;
import earforge.dsp.Framing;
import earforge.dsp.FrontendConfig;
import earforge.dsp.MelTables;
import earforge.io.Npy;
import earforge.io.Resampler;
import earforge.io.Wav;
import earforge.ir.DType;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "features", mixinStandardHelpOptions = true,
    description = {"Computes a WAV file's features with a model's front end and writes them as .npy [frames, channels].",
        "--fixed (default): the on-device fixed-point pipeline on int16 PCM; --float: the float reference (librosa "
            + "semantics) on the full-precision samples. Values are log-mel / MFCC in the front end's units (float32), "
            + "or with --int8 the model input. Other sample rates are resampled; top dB applies over the whole clip."})
final class FeaturesCommand implements Callable<Integer> {
    @Option(names = "--frontend", required = true, paramLabel = "CFG", description = "frontend.json or a preset (sbcnn, kws)")
    String frontend;
    @Option(names = "--wav", required = true, paramLabel = "X.wav") Path wav;
    @Option(names = "--out", required = true, paramLabel = "F.npy") Path out;
    @Option(names = "--png", paramLabel = "S.png", description = "also draw the features (axes, colour bar)") Path png;
    @Option(names = "--int8", description = "write the int8 model input instead of float32 feature values") boolean int8;

    @ArgGroup(exclusive = true) Mode mode = new Mode();

    static final class Mode {
        @Option(names = "--fixed", description = "fixed-point pipeline (default)") boolean fixed;
        @Option(names = "--float", description = "float reference") boolean floating;
    }

    @Override public Integer call() {
        FrontendConfig c = FrontendConfig.load(frontend);
        Wav.Audio a = Wav.read(wav);
        float[] x = Resampler.resample(a.samples(), a.sampleRate(), c.sampleRate());
        int frames = Framing.frames(c, x.length);
        if (frames == 0) {
            throw EarforgeException.of("%s: %d samples at %d Hz is shorter than one frame (nFft %d)", wav, x.length,
                c.sampleRate(), c.nFft());
        }
        boolean fixed = !mode.floating;
        double[][] values;
        byte[][] q = null;
        if (fixed) {
            FixedFrontend fx = new FixedFrontend(c);
            int[][] f = fx.finish(fx.logMel(Wav.toPcm16(x)));
            values = FixedFrontend.toDouble(f);
            if (int8) q = fx.quantize(f);
        } else {
            FloatFrontend fl = new FloatFrontend(c);
            values = fl.finish(fl.logMel(FloatFrontend.fromFloat(x)));
            if (int8) q = fl.quantize(values);
        }
        int ch = c.channels();
        int[] shape = {frames, ch};
        if (q != null) {
            byte[] d = new byte[frames * ch];
            for (int t = 0; t < frames; t++) System.arraycopy(q[t], 0, d, t * ch, ch);
            Npy.write(out, DType.INT8, shape, d);
        } else {
            float[] d = new float[frames * ch];
            for (int t = 0; t < frames; t++) for (int i = 0; i < ch; i++) d[t * ch + i] = (float) values[t][i];
            Npy.write(out, DType.FLOAT32, shape, d);
        }
        String unit = q != null ? "int8" : c.isDb() ? "dB" : "ln";
        String what = (c.dct() > 0 ? "MFCC" : "log-mel") + ", " + (fixed ? "fixed point" : "float reference");
        System.out.printf(Locale.ROOT, "%s: %s%s%n", wav, a.describe(),
            a.sampleRate() != c.sampleRate() ? " -> resampled to " + c.sampleRate() + " Hz" : "");
        System.out.printf(Locale.ROOT, "wrote %s: %d frames x %d %s (%s, %s, %s)%n", out, frames, ch,
            c.dct() > 0 ? "coefficients" : "bands", what, q != null ? "int8" : "float32", unit);
        if (png != null) {
            System.setProperty("java.awt.headless", "true");
            double[][] shown = values;
            if (q != null) {
                shown = new double[frames][ch];
                for (int t = 0; t < frames; t++) for (int i = 0; i < ch; i++) shown[t][i] = q[t][i];
            }
            double[] edges = MelTables.edgesHz(c.melBands(), c.fmin(), c.fmax(), c.melScale());
            String title = String.format(Locale.ROOT, "%s  -  %s (%s)", wav.getFileName(), what, c.name());
            SpectrogramPng.write(png, shown, (double) c.hop() / c.sampleRate(), title,
                c.dct() > 0 ? "MFCC coefficient" : "mel band centre (Hz)",
                i -> c.dct() > 0 ? Integer.toString(i) : String.format(Locale.ROOT, "%.0f", edges[i + 1]), unit);
            System.out.printf("wrote %s%n", png);
        }
        return 0;
    }
}
