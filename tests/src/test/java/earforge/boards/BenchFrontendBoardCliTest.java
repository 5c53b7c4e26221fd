package earforge.boards;

import static org.assertj.core.api.Assertions.assertThat;

import earforge.testing.CliRun;
import earforge.toolchain.Board;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** `bench frontend CFG --board B`: the front end as firmware in QEMU, checked against Java, instructions per frame. */
class BenchFrontendBoardCliTest {
    private static final Pattern FRAME = Pattern.compile("instructions per frame: ([0-9,]+) .*budget estimate ([0-9,]+)");

    @Test
    void kwsOnQemuM4IsBitExactAndCounted() {
        Toolchains.requireFor(Board.load("qemu-m4"));
        CliRun.Result r = CliRun.run("bench", "frontend", "kws", "--board", "qemu-m4", "--seconds", "1");
        assertThat(r.code()).as(r.err() + r.out()).isZero();
        assertThat(r.out()).contains("0 differing from the Java front end + simulator");
        Matcher m = FRAME.matcher(r.out());
        assertThat(m.find()).as(r.out()).isTrue();
        double measured = Double.parseDouble(m.group(1).replace(",", "")), estimate = Double.parseDouble(m.group(2).replace(",", ""));
        // a frame of kws (512-point FFT, 40 bands, square roots, no DCT per frame) is tens of thousands of instructions
        assertThat(measured).isBetween(10_000.0, 400_000.0);
        assertThat(Math.abs(estimate - measured) / measured).isLessThanOrEqualTo(0.20);
    }

    @Test
    void aRealBoardIsAOneLineError() {
        CliRun.Result r = CliRun.run("bench", "frontend", "kws", "--board", "nucleo-l476rg");
        assertThat(CliRun.oneLineError(r, "virtual board")).contains("nucleo-l476rg");
    }
}
