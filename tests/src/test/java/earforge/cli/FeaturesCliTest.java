package earforge.cli;

import earforge.testing.CliRun;
import earforge.testing.CliRun.Result;

import static org.assertj.core.api.Assertions.assertThat;

import earforge.dsp.FixedFrontend;
import earforge.dsp.FrontendConfig;
import earforge.io.Npy;
import earforge.io.Wav;
import earforge.ir.DType;
import earforge.testing.Shared;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `earforge features` and `earforge bench frontend` end to end. */
class FeaturesCliTest {
    @TempDir Path dir;

    static Result run(String... args) { return CliRun.run(args); }

    private Path chirp(String name, int rate, double seconds) {
        short[] pcm = new short[(int) (rate * seconds)];
        for (int i = 0; i < pcm.length; i++) {
            double t = (double) i / rate;
            pcm[i] = (short) Math.round(12000 * Math.sin(2 * Math.PI * (100 * t + 1500 * t * t)));
        }
        Path p = dir.resolve(name);
        Wav.write16(p, rate, pcm);
        return p;
    }

    @Test
    void fixedInt8MatchesTheLibraryAndFloatIsClose() throws Exception {
        Path wav = chirp("c.wav", 16000, 1.0);
        Path q = dir.resolve("q.npy"), f = dir.resolve("f.npy"), x = dir.resolve("x.npy"), png = dir.resolve("s.png");
        Result r = run("features", "--frontend", "kws", "--wav", wav.toString(), "--out", q.toString(), "--int8",
            "--png", png.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("49 frames x 10 coefficients");
        Npy.Array qa = Npy.read(q);
        assertThat(qa.type()).isEqualTo(DType.INT8);
        assertThat(qa.shape()).containsExactly(49, 10);
        FixedFrontend fx = new FixedFrontend(FrontendConfig.kws());
        byte[][] want = fx.quantize(fx.finish(fx.logMel(Wav.read(wav).pcm16())));
        byte[] flat = new byte[490];
        for (int t = 0; t < 49; t++) System.arraycopy(want[t], 0, flat, t * 10, 10);
        assertThat((byte[]) qa.data()).containsExactly(flat);
        BufferedImage img = ImageIO.read(png.toFile());
        assertThat(img.getWidth()).isGreaterThan(480);

        assertThat(run("features", "--frontend", "kws", "--wav", wav.toString(), "--out", x.toString()).code()).isZero();
        assertThat(run("features", "--frontend", "kws", "--wav", wav.toString(), "--out", f.toString(), "--float").code()).isZero();
        float[] xf = (float[]) Npy.read(x).data(), ff = (float[]) Npy.read(f).data();
        assertThat(xf).hasSize(490);
        double worst = 0;
        for (int i = 0; i < xf.length; i++) worst = Math.max(worst, Math.abs(xf[i] - ff[i]));
        // different pipelines, same answer: within 0.02 ln units (the int8 step is 0.58; the window product is rounded
        // before the frame shift, which quiet chirp frames feel most), never equal to the last bit
        assertThat(worst).isLessThan(0.02).isGreaterThan(0);
    }

    @Test
    void resamplesOtherRatesAndStereo() throws Exception {
        Path wav = Shared.require("audio/dog_bark_163459_48k_24bit_stereo.wav");
        Path out = dir.resolve("dog.npy");
        Result r = run("features", "--frontend", "sbcnn", "--wav", wav.toString(), "--out", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("resampled to 22050 Hz");
        Npy.Array a = Npy.read(out);
        assertThat(a.shape()).containsExactly(1 + (int) (1.954 * 22050) / 512, 60);
        float max = Float.NEGATIVE_INFINITY;
        for (float v : (float[]) a.data()) max = Math.max(max, v);
        assertThat(max).isBetween(0f, 31f);                   // a loud bark, below a full-scale tone
    }

    @Test
    void errorsAreOneLine() throws Exception {
        Path wav = chirp("c.wav", 16000, 1.0);
        byte[] b = Files.readAllBytes(wav);
        Path cut = dir.resolve("cut.wav");
        Files.write(cut, Arrays.copyOf(b, 1000));
        Path out = dir.resolve("o.npy");
        for (String[] args : new String[][] {
            {"features", "--frontend", "kws", "--wav", cut.toString(), "--out", out.toString()},
            {"features", "--frontend", "nope", "--wav", wav.toString(), "--out", out.toString()},
            {"features", "--frontend", "kws", "--wav", chirp("short.wav", 16000, 0.01).toString(), "--out", out.toString()},
            {"features", "--frontend", "kws", "--wav", wav.toString(), "--out", out.toString(), "--fixed", "--float"}}) {
            Result r = run(args);
            assertThat(r.code()).isEqualTo(2);
            assertThat(r.err()).startsWith("earforge: ").doesNotContain("\tat ");
            assertThat(r.err().strip().lines().count()).isEqualTo(1);
        }
        assertThat(run("features", "--frontend", "kws", "--wav", cut.toString(), "--out", out.toString()).err())
            .contains("truncated");
        assertThat(Files.exists(out)).isFalse();
    }

    @Test
    void benchFrontendReportsAndMeetsTheGoals() {
        Path data = dir.resolve("data");
        data.toFile().mkdirs();
        Wav.write16(data.resolve("a.wav"), 22050, new short[22050]);
        chirp("data/b.wav", 44100, 1.5);
        Result r = run("bench", "frontend", "kws", data.toString(), "--seconds", "0.5");
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("full-scale sine").contains("2 files").contains("2 resampled to 16000 Hz")
            .contains("goals").contains("MET");
    }
}
