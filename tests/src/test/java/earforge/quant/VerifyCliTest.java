package earforge.quant;

import earforge.testing.CliRun;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import earforge.ir.Graph;
import earforge.ir.OpType;
import earforge.ir.Operator;
import earforge.ir.Tensor;
import earforge.tflite.TfliteReader;
import earforge.tflite.TfliteWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `earforge quantize` then `earforge verify` on the synthetic tone dataset, as a user's CI would run them. */
class VerifyCliTest {
    @TempDir static Path dir;
    static Path data, zoo;
    static CliRun.Result quantize;

    @BeforeAll
    static void quantizeTheToneNet() throws Exception {
        data = Synth.dataset(dir.resolve("data"), 3, 2);
        zoo = Cli.toneZoo(dir.resolve("zoo"));
        quantize = Cli.run("quantize", "--model", zoo.resolve("model.tflite").toString(), "--calibration", data.toString(),
            "--folds", "1", "--out", zoo.resolve("model_int8.tflite").toString(), "--estimator", "percentile");
    }

    @Test
    void quantizeReportsTheCalibrationAndTheTfliteCheck() {
        assertThat(quantize.code()).as(quantize.err()).isZero();
        assertThat(quantize.out()).contains("front end: tiny").contains("9 clips (folds [1])").contains("estimator percentile 99.99")
            .containsPattern("TFLite check: \\d+ windows, \\d+ output bytes, 0 differ").contains("scale=0.00390625 zp=-128");
        assertThat(zoo.resolve("model_int8.tflite")).isRegularFile();
        assertThat(quantize.err()).doesNotContain("calibrate [");   // no progress bar when stderr is not a terminal
    }

    @Test
    void verifyPassesAndReportsAccuracyAgreementAndLayerErrors() throws Exception {
        Path rep = dir.resolve("report");
        CliRun.Result r = Cli.run("verify", "--float", zoo.resolve("model.tflite").toString(), "--int8",
            zoo.resolve("model_int8.tflite").toString(), "--dataset", data.toString(), "--report", rep.toString());
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("verify PASSED").contains("accuracy: float 100.00%, int8 100.00%");
        JsonNode j = new ObjectMapper().readTree(rep.resolve("report.json").toFile());
        assertThat(j.get("clips").asInt()).isEqualTo(18);
        // The tone net is designed to separate the three tones: both paths get every clip right.
        assertThat(j.get("floatAccuracy").asDouble()).isEqualTo(1.0);
        assertThat(j.get("int8Accuracy").asDouble()).isEqualTo(1.0);
        assertThat(j.get("clipAgreement").asDouble()).isEqualTo(1.0);
        assertThat(j.get("pass").asBoolean()).isTrue();
        for (int c = 0; c < 3; c++) assertThat(j.get("confusionInt8").get(c).get(c).asInt()).isEqualTo(6);
        List<String> tensors = new ArrayList<>();
        for (JsonNode l : j.get("layers")) {
            tensors.add(l.get("tensor").asText());
            assertThat(l.get("cosine").asDouble()).as(l.toString()).isGreaterThan(0.95);
        }
        assertThat(tensors).containsExactly("input", "conv", "pool", "flatten", "dense", "scores");
        JsonNode conv = j.get("layers").get(1);
        assertThat(conv.get("matchedBy").asText()).isEqualTo("name");
        assertThat(conv.get("snrDb").asDouble()).isGreaterThan(20);
        assertThat(j.get("budget").get("macs").asLong()).isGreaterThan(0);
        String html = Files.readString(rep.resolve("report.html"));
        assertThat(html).contains("id=\"acc-float\">100.00%").contains("<svg id=\"confusion-int8\"").contains("PASS")
            .doesNotContainPattern("<script|<link|<img|src=|href=|url\\(|@import");   // self-contained: nothing to fetch
    }

    @Test
    void verifyFailsWithExitCodeOneWhenTheInt8ModelIsBroken() throws Exception {
        // Swap the dense rows of classes 0 and 1: the int8 model now confuses low and mid tones.
        Graph q = TfliteReader.read(zoo.resolve("model_int8.tflite"));
        Operator fc = q.operators.stream().filter(o -> o.type == OpType.FULLY_CONNECTED).findFirst().orElseThrow();
        Tensor w = q.tensor(fc.input(1));
        int row = w.dim(1);
        byte[] tmp = new byte[row];
        System.arraycopy(w.data, 0, tmp, 0, row);
        System.arraycopy(w.data, row, w.data, 0, row);
        System.arraycopy(tmp, 0, w.data, row, row);
        Path broken = dir.resolve("broken_int8.tflite");
        TfliteWriter.write(q, broken);
        Path rep = dir.resolve("report-broken");
        CliRun.Result r = Cli.run("verify", "--float", zoo.resolve("model.tflite").toString(), "--int8", broken.toString(), "--dataset",
            data.toString(), "--folds", "2", "--report", rep.toString(), "--max-drop", "0.05", "--min-agreement", "0.9");
        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(1);
        assertThat(r.err()).contains("verify FAILED").contains("agreement").contains("below 90.00%");
        JsonNode j = new ObjectMapper().readTree(rep.resolve("report.json").toFile());
        assertThat(j.get("clips").asInt()).isEqualTo(9);   // fold 2 only
        assertThat(j.get("pass").asBoolean()).isFalse();
        assertThat(j.get("disagreements").size()).isEqualTo(6);   // every low and mid clip
        assertThat(j.get("confusionInt8").get(0).get(1).asInt()).isEqualTo(3);
        assertThat(Files.readString(rep.resolve("report.html"))).contains("FAIL").contains("id=\"failures\"");
    }

    @Test
    void progressBarIsDrawnOnlyWhenForced() {
        System.setProperty("earforge.progress", "stderr");
        try {
            CliRun.Result r = Cli.run("verify", "--float", zoo.resolve("model.tflite").toString(), "--int8",
                zoo.resolve("model_int8.tflite").toString(), "--dataset", data.toString(), "--folds", "1", "--report",
                dir.resolve("report-progress").toString());
            assertThat(r.code()).isZero();
            assertThat(r.err()).contains("\rverify [").contains("] 9/9 clips");
        } finally {
            System.clearProperty("earforge.progress");
        }
    }
}
