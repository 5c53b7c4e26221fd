package earforge.quant;

import earforge.testing.CliRun;

import static org.assertj.core.api.Assertions.assertThat;

import earforge.io.Wav;
import earforge.testing.Shared;
import java.nio.file.Path;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `earforge classify` on the synthetic tone zoo: timeline, silence handling, clip decision, both model paths. */
class ClassifyCliTest {
    @TempDir static Path dir;
    static Path zoo;

    @BeforeAll
    static void zooWithInt8() throws Exception {
        Path data = Synth.dataset(dir.resolve("data"), 2, 8);
        zoo = Cli.toneZoo(dir.resolve("zoo"));
        CliRun.Result q = Cli.run("quantize", "--model", zoo.resolve("model.tflite").toString(), "--calibration", data.toString(),
            "--out", zoo.resolve("model_int8.tflite").toString());
        assertThat(q.code()).as(q.err()).isZero();
    }

    /** 1 s of the high tone, 1 s of digital silence, 1 s of the low tone, at 16 kHz (resampled to the model's 8 kHz). */
    static Path highSilenceLow() {
        Random r = new Random(4);
        short[] hi = Synth.clip(2, 1.0, r), lo = Synth.clip(0, 1.0, r);
        short[] up = new short[16000 * 3];
        for (int i = 0; i < 16000; i++) {   // zero-order hold to 16 kHz: same tones, twice the rate
            up[i] = hi[i / 2];
            up[32000 + i] = lo[i / 2];
        }
        Path p = dir.resolve("hi-silence-lo.wav");
        Wav.write16(p, 16000, up);
        return p;
    }

    @Test
    void timelineFollowsTheAudioAndSilentWindowsAreNotVoted() {
        Path wav = highSilenceLow();
        for (String mode : new String[] {"--int8", "--float"}) {
            CliRun.Result r = Cli.run("classify", "--model", zoo.toString(), "--wav", wav.toString(), mode);
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.out()).contains("resampled to 8000 Hz").contains(mode.equals("--int8") ? "int8, fixed-point front end"
                : "float32, float front end");
            Matcher m = Pattern.compile("\\n\\s+(\\d+\\.\\d\\d)s\\s+(\\w+)\\s+(\\d\\.\\d{3})(  \\(silent, not voted\\))?").matcher(r.out());
            int windows = 0, silent = 0, highEarly = 0, lowLate = 0;
            while (m.find()) {
                windows++;
                double t = Double.parseDouble(m.group(1));
                boolean quiet = m.group(4) != null;
                if (quiet) {
                    silent++;
                    assertThat(t).as("silent window at %.2f s", t).isBetween(0.9, 2.0);
                } else if (t + 0.192 <= 1.0) {   // window entirely in the high tone (12 frames of 16 ms)
                    if (m.group(2).equals("high")) highEarly++;
                } else if (t >= 2.0) {
                    if (m.group(2).equals("low")) lowLate++;
                }
            }
            // 3 s at 8 kHz: 186 frames, windows every 6 frames: 30 windows.
            assertThat(windows).isEqualTo(30);
            assertThat(silent).isBetween(5, 12);
            assertThat(highEarly).isGreaterThanOrEqualTo(8);
            assertThat(lowLate).isGreaterThanOrEqualTo(8);
            assertThat(r.out()).containsPattern("clip: (high|low) \\(\\d\\.\\d{3}, mean of \\d+ non-silent windows\\)")
                .containsPattern("top: \\w+ \\d\\.\\d{3}, \\w+ \\d\\.\\d{3}, \\w+ \\d\\.\\d{3}");
        }
    }

    @Test
    void anyWavIsResampledAndDownmixed() {
        Path bark = Shared.require("audio/dog_bark_163459_48k_24bit_stereo.wav");
        CliRun.Result r = Cli.run("classify", "--model", zoo.toString(), "--wav", bark.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("48000 Hz, 24-bit PCM, 2 channels (downmixed)").contains("resampled to 8000 Hz")
            .contains("model_int8.tflite (int8").containsPattern("clip: (low|mid|high) ");
    }

    @Test
    void missingPiecesAreOneLineErrors() {
        CliRun.Result r = Cli.run("classify", "--model", dir.resolve("nothing").toString(), "--wav", highSilenceLow().toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("no such model file or zoo folder").hasLineCount(1);
        r = Cli.run("classify", "--model", zoo.resolve("model.tflite").toString(), "--wav", dir.resolve("x.wav").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("x.wav").hasLineCount(1);
    }
}
