package earforge.dsp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import earforge.EarforgeException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FrontendConfigTest {
    @TempDir Path tmp;

    @Test
    void presetsRoundTripThroughJson() {
        for (String name : FrontendConfig.PRESETS) {
            FrontendConfig c = FrontendConfig.preset(name);
            c.validate(name);
            FrontendConfig back = FrontendConfig.fromJson(c.toJson(), "json");
            assertThat(back).isEqualTo(c);
            assertThat(back.toJson()).isEqualTo(c.toJson());
        }
        FrontendConfig sb = FrontendConfig.sbcnn();
        assertThat(sb.sampleRate()).isEqualTo(22050);
        assertThat(sb.channels()).isEqualTo(60);
        assertThat(sb.framesPerWindow()).isEqualTo(41);
        FrontendConfig kws = FrontendConfig.kws();
        assertThat(kws.channels()).isEqualTo(10);
        assertThat(Framing.frames(kws, 16000)).isEqualTo(49);
    }

    @Test
    void loadsPresetNamesAndFilesWithDefaults() throws Exception {
        assertThat(FrontendConfig.load("kws")).isEqualTo(FrontendConfig.kws());
        Path p = tmp.resolve("frontend.json");
        Files.writeString(p, "{\"sampleRate\": 16000, \"frameLength\": 400, \"hop\": 160, \"nFft\": 512, \"melBands\": 40}");
        FrontendConfig c = FrontendConfig.load(p.toString());
        assertThat(c.fmax()).isEqualTo(8000);
        assertThat(c.melScale()).isEqualTo("slaney");
        assertThat(c.power()).isEqualTo(2.0);
        assertThat(c.topDb()).isNull();
        FrontendConfig.kws().save(p);
        assertThat(FrontendConfig.load(p.toString())).isEqualTo(FrontendConfig.kws());
    }

    @Test
    void errorsNameTheField() {
        String base = "\"sampleRate\": 16000, \"frameLength\": 400, \"hop\": 160, \"melBands\": 40";
        assertThatThrownBy(() -> FrontendConfig.fromJson("{" + base + ", \"nFft\": 500}", "f.json"))
            .isInstanceOf(EarforgeException.class).hasMessage("f.json: nFft 500 must be a power of two 16..8192");
        assertThatThrownBy(() -> FrontendConfig.fromJson("{" + base + ", \"nFft\": 512, \"colour\": 1}", "f.json"))
            .hasMessage("f.json: unknown field 'colour'");
        assertThatThrownBy(() -> FrontendConfig.fromJson("{" + base + ", \"nFft\": 512, \"melScale\": \"bark\"}", "f.json"))
            .hasMessageContaining("melScale 'bark'");
        assertThatThrownBy(() -> FrontendConfig.fromJson("{" + base + ", \"nFft\": 512, \"fmax\": 9000}", "f.json"))
            .hasMessageContaining("fmax");
        assertThatThrownBy(() -> FrontendConfig.fromJson("{" + base + ", \"nFft\": 256}", "f.json"))
            .hasMessageContaining("frameLength 400 must be 2..nFft (256)");
        assertThatThrownBy(() -> FrontendConfig.fromJson("{" + base + ", \"nFft\": 512, \"normMean\": [0]}", "f.json"))
            .hasMessageContaining("normMean and normStd go together");
        assertThatThrownBy(() -> FrontendConfig.fromJson("{ nope", "f.json")).hasMessageStartingWith("f.json: invalid front-end JSON")
            .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        assertThatThrownBy(() -> FrontendConfig.load("nope")).hasMessageContaining("neither a preset");
        FrontendConfig tiny = FrontendConfig.fromJson("{" + base + ", \"nFft\": 512, \"inputScale\": 0.001}", "f.json");
        assertThatThrownBy(() -> new FrontendTables(tiny)).hasMessageContaining("int8 mapping");
    }
}
