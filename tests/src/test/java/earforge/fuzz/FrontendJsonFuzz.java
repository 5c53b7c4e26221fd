package earforge.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import earforge.dsp.FrontendConfig;
import earforge.dsp.FrontendTables;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * frontend.json: {@link FrontendConfig#fromJson} and, for a config it accepts, the fixed-point tables built from it
 * ({@link FrontendTables}), seeded with the presets and a minimal and a normalised config.
 */
class FrontendJsonFuzz {
    static Stream<Arguments> seeds() {
        return new Seeds()
            .add("sbcnn", utf8(FrontendConfig.sbcnn().toJson()))
            .add("kws", utf8(FrontendConfig.kws().toJson()))
            .add("minimal", utf8("{\"sampleRate\": 16000, \"frameLength\": 400, \"hop\": 160, \"nFft\": 512, \"melBands\": 40}"))
            // found by the long run: List.of(..).contains(null) threw a NullPointerException past the validation
            .add("null-mel-scale", utf8("{\"sampleRate\": 16000, \"frameLength\": 400, \"hop\": 160, \"nFft\": 512, "
                + "\"melBands\": 40, \"melScale\": null}"))
            .add("normalised", utf8("{\"sampleRate\": 8000, \"frameLength\": 256, \"hop\": 128, \"nFft\": 256, \"melBands\": 4, "
                + "\"dct\": 2, \"normMean\": [0.5, -1], \"normStd\": [2, 1e-3], \"topDb\": 60, \"logType\": \"db\"}"))
            .stream();
    }

    private static byte[] utf8(String s) { return s.getBytes(StandardCharsets.UTF_8); }

    @MethodSource("seeds")
    @FuzzTest(maxDuration = "25s")
    void frontendJson(byte[] data) {
        // The CLI reads the file with Files.readString (UTF-8, malformed input is an IOException it reports).
        Harness.check("frontend.json", data, b -> {
            FrontendConfig c = FrontendConfig.fromJson(new String(b, StandardCharsets.UTF_8), "fuzz.json");
            new FrontendTables(c);   // what every use of a valid config does next (features, budget, generate)
        }, Harness.NO_CAUSE);
    }
}
