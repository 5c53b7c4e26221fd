package earforge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import earforge.testing.Shared;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** `earforge bench sim` end to end on the KWS DS-CNN: the three rates and the per-operator view. */
class BenchSimCliTest {

    /** Runs the CLI in-process, capturing stdout and stderr. */
    private static String[] run(String... args) {
        PrintStream oldOut = System.out, oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true));
        System.setErr(new PrintStream(err, true));
        try {
            return new String[] {String.valueOf(Main.execute(args)), out.toString(), err.toString()};
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void reportsRatesAndPerOperatorTimes() {
        Path model = Shared.require("models/kws_ref_model_int8.tflite");
        String[] r = run("bench", "sim", model.toString(), "--seconds", "1", "--ops");
        String out = r[1];
        assertThat(r[0]).as(out + r[2]).isEqualTo("0");
        assertThat(out).contains("earforge Java simulator").contains("TFLite reference kernels")
            .contains("TFLite optimized kernels").contains("simulator per operator");
        // 13 operators: 5 CONV_2D, 4 DEPTHWISE_CONV_2D, AVERAGE_POOL_2D, RESHAPE, FULLY_CONNECTED, SOFTMAX.
        assertThat(out.lines().filter(l -> l.matches("\\s+\\d+ [A-Z_0-9]+\\s+[0-9.]+ us .*"))).hasSize(13);
        assertThat(out.lines().filter(l -> l.contains(" CONV_2D "))).hasSize(5);
        // Each operator's fastest run is at most its mean, so their sum cannot exceed the mean inference time.
        // (No assertion on the ratio itself: engines are timed one after the other and other load skews it.)
        Matcher rate = Pattern.compile("earforge Java simulator\\s+([0-9.]+) inferences/s").matcher(out);
        Matcher sum = Pattern.compile("sum\\s+([0-9.]+) us").matcher(out);
        assertThat(rate.find() && sum.find()).as(out).isTrue();
        double meanUs = 1e6 / Double.parseDouble(rate.group(1)), sumUs = Double.parseDouble(sum.group(1));
        assertThat(sumUs).as(out).isPositive().isLessThanOrEqualTo(meanUs * 1.05);
        assertThat(Pattern.compile("sim/opt ratio [0-9.]+x").matcher(out).find()).as(out).isTrue();
    }
}
