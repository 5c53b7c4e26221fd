package earforge.quant;

import earforge.testing.CliRun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * report.html as a browser shows it: headless Chromium (Debian package `chromium`, scripts/install-deps.sh) renders a
 * screenshot and dumps the DOM. Set EARFORGE_SCREENSHOT_OUT=file.png to keep the screenshot.
 */
class ReportChromiumTest {
    @TempDir Path dir;

    static String chromium() {
        for (String c : List.of("chromium", "chromium-browser", "google-chrome")) {
            for (String p : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
                if (Files.isExecutable(Path.of(p, c))) return Path.of(p, c).toString();
            }
        }
        return null;
    }

    static String run(Path dir, String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(90, TimeUnit.SECONDS)).as("chromium finished").isTrue();
        assertThat(p.exitValue()).as("chromium exit code").isZero();
        return new String(out, StandardCharsets.UTF_8);
    }

    @Test
    void reportRendersWithChartsAndTheJsonFigures() throws Exception {
        String chrome = chromium();
        assumeTrue(chrome != null, "SKIPPED: headless Chromium not installed (scripts/install-deps.sh installs Debian's chromium)");
        Path data = Synth.dataset(dir.resolve("data"), 2, 5), zoo = Cli.toneZoo(dir.resolve("zoo")), rep = dir.resolve("report");
        CliRun.Result q = Cli.run("quantize", "--model", zoo.resolve("model.tflite").toString(), "--calibration", data.toString(), "--out",
            zoo.resolve("model_int8.tflite").toString());
        assertThat(q.code()).as(q.err()).isZero();
        CliRun.Result v = Cli.run("verify", "--float", zoo.resolve("model.tflite").toString(), "--int8", zoo.resolve("model_int8.tflite").toString(),
            "--dataset", data.toString(), "--report", rep.toString());
        assertThat(v.code()).as(v.err()).isZero();
        String url = rep.resolve("report.html").toUri().toString();
        List<String> base = new ArrayList<>(List.of(chrome, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
            "--disable-dev-shm-usage", "--user-data-dir=" + dir.resolve("profile")));

        List<String> shot = new ArrayList<>(base);
        Path png = dir.resolve("report.png");
        shot.addAll(List.of("--window-size=1200,1600", "--screenshot=" + png, url));
        run(dir, shot.toArray(new String[0]));
        BufferedImage img = ImageIO.read(png.toFile());
        assertThat(img.getWidth()).isEqualTo(1200);
        assertThat(img.getHeight()).isEqualTo(1600);
        String keep = System.getenv("EARFORGE_SCREENSHOT_OUT");
        if (keep != null) Files.copy(png, Path.of(keep), StandardCopyOption.REPLACE_EXISTING);
        Set<Integer> colours = new HashSet<>();
        int floatBars = 0, int8Bars = 0, passBadge = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int rgb = img.getRGB(x, y) & 0xffffff;
                colours.add(rgb);
                if (near(rgb, 0x4e79a7)) floatBars++;
                if (near(rgb, 0xf28e2b)) int8Bars++;
                if (near(rgb, 0x2e7d32)) passBadge++;
            }
        }
        assertThat(colours.size()).as("distinct colours (a blank page has 1)").isGreaterThan(50);
        assertThat(floatBars).as("pixels of float bars").isGreaterThan(2000);
        assertThat(int8Bars).as("pixels of int8 bars").isGreaterThan(2000);
        assertThat(passBadge).as("pixels of the green PASS badge").isGreaterThan(300);

        List<String> dump = new ArrayList<>(base);
        dump.addAll(List.of("--dump-dom", url));
        String dom = run(dir, dump.toArray(new String[0]));
        JsonNode j = new ObjectMapper().readTree(rep.resolve("report.json").toFile());
        assertThat(dom).contains(String.format(Locale.ROOT, "id=\"acc-float\">%.2f%%", 100 * j.get("floatAccuracy").asDouble()))
            .contains(String.format(Locale.ROOT, "id=\"acc-int8\">%.2f%%", 100 * j.get("int8Accuracy").asDouble()))
            .contains(String.format(Locale.ROOT, "id=\"agree-clip\">%.2f%%", 100 * j.get("clipAgreement").asDouble()))
            .contains(String.format(Locale.ROOT, "id=\"agree-window\">%.2f%%", 100 * j.get("windowAgreement").asDouble()))
            .contains("<svg id=\"chart-accuracy\"").contains("<svg id=\"confusion-float\"").contains("<svg id=\"chart-snr\"");
        for (JsonNode l : j.get("layers")) assertThat(dom).contains(">" + l.get("tensor").asText() + "<");
    }

    private static boolean near(int rgb, int want) {
        for (int s = 0; s < 24; s += 8) if (Math.abs(((rgb >> s) & 0xff) - ((want >> s) & 0xff)) > 6) return false;
        return true;
    }
}
