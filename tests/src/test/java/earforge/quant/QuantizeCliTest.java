package earforge.quant;

import earforge.testing.CliRun;

import static org.assertj.core.api.Assertions.assertThat;

import earforge.io.Npy;
import earforge.ir.DType;
import earforge.ir.Graph;
import earforge.sim.Simulator;
import earforge.testing.Shared;
import earforge.tflite.TfliteReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `earforge quantize` with .npy calibration, Keras .h5 input, and its one-line errors. */
class QuantizeCliTest {
    @TempDir Path dir;

    private Path gaussianNpy(int n, int width, long seed) {
        Random r = new Random(seed);
        float[] v = new float[n * width];
        for (int i = 0; i < v.length; i++) v[i] = (float) r.nextGaussian();
        Path p = dir.resolve("cal.npy");
        Npy.write(p, DType.FLOAT32, new int[] {n, width}, v);
        return p;
    }

    @Test
    void kerasH5AndItsTfliteConversionQuantizeToTheSameModel() {
        Path h5 = Shared.require("models/ad01.h5"), fp32 = Shared.require("models/ad01_fp32.tflite");
        Path cal = gaussianNpy(64, 640, 1), a = dir.resolve("from_h5.tflite"), b = dir.resolve("from_tflite.tflite");
        CliRun.Result r1 = Cli.run("quantize", "--model", h5.toString(), "--calibration", cal.toString(), "--out", a.toString());
        CliRun.Result r2 = Cli.run("quantize", "--model", fp32.toString(), "--calibration", cal.toString(), "--out", b.toString());
        assertThat(r1.code()).as(r1.err()).isZero();
        assertThat(r2.code()).as(r2.err()).isZero();
        assertThat(r1.out()).contains("cal.npy: 64 windows").containsPattern(", 0 differ");
        // The Keras importer folds BatchNorm itself, the converter in TensorFlow: the float weights quantize to the same
        // int8 bytes; biases and hence calibrated ranges differ in low-order bits, so outputs may differ by a step or so.
        Graph ga = TfliteReader.read(a), gb = TfliteReader.read(b);
        assertThat(ga.input(0).quant).isEqualTo(gb.input(0).quant);
        for (int k = 0; k < ga.operators.size(); k++) {
            assertThat(ga.tensor(ga.operators.get(k).input(1)).data).as("weights of op %d", k).isEqualTo(gb.tensor(gb.operators.get(k).input(1)).data);
            double sa = ga.tensor(ga.operators.get(k).output(0)).quant.scale(), sb = gb.tensor(gb.operators.get(k).output(0)).quant.scale();
            assertThat(sa).as("output scale of op %d", k).isCloseTo(sb, org.assertj.core.data.Percentage.withPercentage(3));
        }
        Simulator sa = new Simulator(ga), sb = new Simulator(gb);
        Random r = new Random(2);
        double sum = 0;
        int n = 0;
        float s = ga.output(0).quant.scale();
        for (int run = 0; run < 10; run++) {
            float[] x = new float[640];
            for (int i = 0; i < 640; i++) x[i] = (float) r.nextGaussian();
            byte[] in = PostTraining.quantize(x, ga.input(0).quant);
            float[] ya = earforge.eval.ModelRunner.toFloat(ga.output(0), sa.run((Object) in)[0]);
            float[] yb = earforge.eval.ModelRunner.toFloat(gb.output(0), sb.run((Object) in)[0]);
            for (int i = 0; i < ya.length; i++, n++) sum += Math.abs(ya[i] - yb[i]);
        }
        assertThat(sum / n / s).as("mean output difference in output steps").isLessThan(1.5);
    }

    @Test
    void errorsNameTheCause() throws Exception {
        Path cal = gaussianNpy(4, 640, 3), out = dir.resolve("q.tflite");
        Path int8 = Shared.require("models/ad01_int8.tflite"), fp32 = Shared.require("models/ad01_fp32.tflite");
        CliRun.Result r = Cli.run("quantize", "--model", int8.toString(), "--calibration", cal.toString(), "--out", out.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("already quantized").hasLineCount(1);
        r = Cli.run("quantize", "--model", fp32.toString(), "--calibration", cal.toString(), "--out", out.toString(), "--estimator", "kl");
        assertThat(r.err()).contains("unknown range estimator 'kl'").hasLineCount(1);
        r = Cli.run("quantize", "--model", fp32.toString(), "--calibration", dir.resolve("nope").toString(), "--out", out.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("calibration audio").contains("needs a front end").hasLineCount(1);
        r = Cli.run("quantize", "--model", fp32.toString(), "--frontend", "kws", "--calibration", dir.resolve("nope").toString(),
            "--out", out.toString());
        assertThat(r.err()).contains("no such dataset folder or WAV file").hasLineCount(1);
        Path wrong = dir.resolve("wrong.npy");
        Npy.write(wrong, DType.FLOAT32, new int[] {3, 100}, new float[300]);
        r = Cli.run("quantize", "--model", fp32.toString(), "--calibration", wrong.toString(), "--out", out.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("wrong.npy").hasLineCount(1);
        // An audio front end whose windows do not fit the model input.
        Files.createDirectories(dir.resolve("audio"));
        earforge.io.Wav.write16(dir.resolve("audio/a.wav"), 16000, new short[16000]);
        r = Cli.run("quantize", "--model", fp32.toString(), "--frontend", "kws", "--calibration", dir.resolve("audio").toString(),
            "--out", out.toString());
        assertThat(r.err()).contains("holds 640 values").contains("49 frames x 10 channels").hasLineCount(1);
        assertThat(out).doesNotExist();   // nothing written on failure
    }
}
