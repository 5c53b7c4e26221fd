package earforge.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import earforge.io.Wav;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** WAV: {@link Wav#parse}, seeded with the shared recordings and small files of every supported encoding. */
class WavFuzz {
    static Stream<Arguments> seeds() {
        return new Seeds().shared("audio", ".wav")
            .add("pcm8 mono", wav(1, 1, 8000, 8, 6, false, false))
            .add("pcm16 stereo + LIST", wav(1, 2, 16000, 16, 5, false, true))
            .add("pcm24 mono", wav(1, 1, 22050, 24, 4, false, false))
            .add("pcm32 3ch", wav(1, 3, 44100, 32, 3, false, false))
            .add("float32 mono", wav(3, 1, 16000, 32, 4, false, false))
            .add("float64 stereo", wav(3, 2, 48000, 64, 3, false, false))
            .add("extensible pcm16", wav(1, 2, 16000, 16, 4, true, false))
            .stream();
    }

    /** A small RIFF/WAVE file: {@code format} 1 PCM or 3 float, optional EXTENSIBLE fmt and an odd-sized LIST chunk. */
    static byte[] wav(int format, int channels, int rate, int bits, int frames, boolean extensible, boolean list) {
        int align = channels * bits / 8, data = frames * align, fmt = extensible ? 40 : 16;
        int total = 4 + 8 + fmt + (list ? 8 + 5 + 1 : 0) + 8 + data + (data & 1);
        ByteBuffer b = ByteBuffer.allocate(8 + total).order(ByteOrder.LITTLE_ENDIAN);
        b.put(ascii("RIFF")).putInt(total).put(ascii("WAVE"));
        b.put(ascii("fmt ")).putInt(fmt).putShort((short) (extensible ? 0xFFFE : format)).putShort((short) channels)
            .putInt(rate).putInt(rate * align).putShort((short) align).putShort((short) bits);
        if (extensible) {
            b.putShort((short) 22).putShort((short) bits).putInt(channels == 2 ? 3 : 4).putShort((short) format)
                .put(new byte[] {0, 0, 0, 0, 0x10, 0, (byte) 0x80, 0, 0, (byte) 0xAA, 0, 0x38, (byte) 0x9B, 0x71});
        }
        if (list) b.put(ascii("LIST")).putInt(5).put(ascii("INFOx")).put((byte) 0);
        b.put(ascii("data")).putInt(data);
        for (int i = 0; i < data; i++) b.put((byte) (i * 37 + 11));
        return b.array();
    }

    private static byte[] ascii(String s) { return s.getBytes(StandardCharsets.US_ASCII); }

    @MethodSource("seeds")
    @FuzzTest(maxDuration = "25s")
    void wav(byte[] data) {
        Harness.check("wav", data, b -> Wav.parse(b, "fuzz.wav"), Harness.NO_CAUSE);
    }
}
