package earforge.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import earforge.EarforgeException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WavTest {
    @TempDir Path tmp;

    /** Raw little-endian WAV builder, independent of the reader. */
    static final class Builder {
        final ByteArrayOutputStream chunks = new ByteArrayOutputStream();

        Builder chunk(String id, byte[] body) {
            ByteBuffer h = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            h.put(id.getBytes(StandardCharsets.US_ASCII)).putInt(body.length);
            chunks.writeBytes(h.array());
            chunks.writeBytes(body);
            if (body.length % 2 == 1) chunks.write(0);
            return this;
        }

        Builder fmt(int tag, int channels, int rate, int bits) {
            ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
            b.putShort((short) tag).putShort((short) channels).putInt(rate).putInt(rate * channels * bits / 8)
                .putShort((short) (channels * bits / 8)).putShort((short) bits);
            return chunk("fmt ", b.array());
        }

        Builder fmtExtensible(int subTag, int channels, int rate, int bits) {
            ByteBuffer b = ByteBuffer.allocate(40).order(ByteOrder.LITTLE_ENDIAN);
            b.putShort((short) 0xFFFE).putShort((short) channels).putInt(rate).putInt(rate * channels * bits / 8)
                .putShort((short) (channels * bits / 8)).putShort((short) bits).putShort((short) 22)
                .putShort((short) bits).putInt(channels == 2 ? 3 : 4);
            b.putShort((short) subTag).put(new byte[] {0, 0, 0, 0, 0x10, 0, (byte) 0x80, 0, 0, (byte) 0xAA, 0, 0x38,
                (byte) 0x9B, 0x71});
            return chunk("fmt ", b.array());
        }

        byte[] bytes() {
            ByteBuffer h = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
            h.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(4 + chunks.size()).put("WAVE".getBytes(StandardCharsets.US_ASCII));
            ByteArrayOutputStream o = new ByteArrayOutputStream();
            o.writeBytes(h.array());
            o.writeBytes(chunks.toByteArray());
            return o.toByteArray();
        }
    }

    static byte[] le(int bytesPer, long... v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * bytesPer).order(ByteOrder.LITTLE_ENDIAN);
        for (long x : v) for (int i = 0; i < bytesPer; i++) b.put((byte) (x >> (8 * i)));
        return b.array();
    }

    private Wav.Audio roundTrip(byte[] file) throws Exception {
        Path p = tmp.resolve("t.wav");
        Files.write(p, file);
        return Wav.read(p);
    }

    @Test
    void pcm16Mono() throws Exception {
        Wav.Audio a = roundTrip(new Builder().fmt(1, 1, 16000, 16).chunk("data", le(2, 0, 16384, -32768, 32767)).bytes());
        assertThat(a.sampleRate()).isEqualTo(16000);
        assertThat(a.samples()).containsExactly(0f, 0.5f, -1f, 32767 / 32768f);
        assertThat(a.pcm16()).containsExactly((short) 0, (short) 16384, (short) -32768, (short) 32767);
    }

    @Test
    void pcm8Unsigned() throws Exception {
        Wav.Audio a = roundTrip(new Builder().fmt(1, 1, 8000, 8).chunk("data", new byte[] {(byte) 128, 0, (byte) 255}).bytes());
        assertThat(a.samples()).containsExactly(0f, -1f, 127 / 128f);   // odd data chunk: pad byte follows
    }

    @Test
    void pcm24And32() throws Exception {
        Wav.Audio a = roundTrip(new Builder().fmt(1, 1, 44100, 24).chunk("data", le(3, 0x400000, -0x800000, 1)).bytes());
        assertThat(a.samples()).containsExactly(0.5f, -1f, 1f / 8388608);
        Wav.Audio b = roundTrip(new Builder().fmt(1, 1, 44100, 32).chunk("data", le(4, 0x40000000, Integer.MIN_VALUE)).bytes());
        assertThat(b.samples()).containsExactly(0.5f, -1f);
        assertThat(b.bitsPerSample()).isEqualTo(32);
    }

    @Test
    void float32And64() throws Exception {
        ByteBuffer f = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putFloat(0.25f).putFloat(-0.75f);
        Wav.Audio a = roundTrip(new Builder().fmt(3, 1, 22050, 32).chunk("data", f.array()).bytes());
        assertThat(a.isFloat()).isTrue();
        assertThat(a.samples()).containsExactly(0.25f, -0.75f);
        ByteBuffer d = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putDouble(0.125);
        assertThat(roundTrip(new Builder().fmt(3, 1, 22050, 64).chunk("data", d.array()).bytes()).samples()).containsExactly(0.125f);
    }

    @Test
    void extensibleStereo24DownmixesAndSkipsOddChunks() throws Exception {
        // LIST chunk of odd size (with its pad byte) before fmt, a 'fact' chunk, then stereo frames (L, R).
        byte[] file = new Builder().chunk("LIST", new byte[] {1, 2, 3}).fmtExtensible(1, 2, 48000, 24)
            .chunk("fact", le(4, 2)).chunk("data", le(3, 0x400000, 0x200000, -0x800000, 0)).bytes();
        Wav.Audio a = roundTrip(file);
        assertThat(a.channels()).isEqualTo(2);
        assertThat(a.sampleRate()).isEqualTo(48000);
        assertThat(a.samples()).containsExactly(0.375f, -0.5f);
        ByteBuffer f = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putFloat(0.5f).putFloat(0.25f);
        assertThat(roundTrip(new Builder().fmtExtensible(3, 2, 48000, 32).chunk("data", f.array()).bytes()).samples())
            .containsExactly(0.375f);
    }

    @Test
    void writerRoundTrips() {
        short[] pcm = {0, 1, -1, 32767, -32768, 1234};
        Path p = tmp.resolve("w.wav");
        Wav.write16(p, 16000, pcm);
        assertThat(Wav.read(p).pcm16()).containsExactly(pcm);
    }

    private void assertError(byte[] file, String cause) throws Exception {
        Path p = tmp.resolve("bad.wav");
        Files.write(p, file);
        assertThatThrownBy(() -> Wav.read(p)).isInstanceOf(EarforgeException.class)
            .hasMessageContaining(p.toString()).hasMessageContaining(cause)
            .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void corruptAndTruncatedFilesGiveOneLineErrors() throws Exception {
        byte[] good = new Builder().fmt(1, 1, 16000, 16).chunk("data", le(2, 1, 2, 3, 4)).bytes();
        assertError(java.util.Arrays.copyOf(good, good.length - 3), "truncated: data chunk declares 8 bytes but only 5");
        assertError(java.util.Arrays.copyOf(good, 30), "fmt chunk truncated");
        assertError(java.util.Arrays.copyOf(good, 8), "too short");
        assertError("hello, this is not a wav file".getBytes(), "not a WAV file");
        assertError(new Builder().chunk("data", le(2, 1)).fmt(1, 1, 16000, 16).bytes(), "data chunk before the fmt chunk");
        assertError(new Builder().fmt(1, 1, 16000, 16).bytes(), "no data chunk");
        assertError(new Builder().chunk("data", le(2, 1)).bytes(), "data chunk before the fmt chunk");
        assertError(new Builder().fmt(6, 1, 8000, 8).chunk("data", le(1, 1)).bytes(), "format tag 0x0006, A-law");
        assertError(new Builder().fmt(1, 1, 16000, 12).chunk("data", le(2, 1)).bytes(), "12-bit PCM");
        assertError(new Builder().fmt(1, 2, 16000, 16).chunk("data", le(2, 1, 2, 3)).bytes(), "middle of a sample frame");
        ByteBuffer nan = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(Float.NaN);
        assertError(new Builder().fmt(3, 1, 16000, 32).chunk("data", nan.array()).bytes(), "non-finite");
        assertThatThrownBy(() -> Wav.read(tmp.resolve("missing.wav"))).hasMessageContaining("no such WAV file");
    }

    @Test
    void sharedClips() {
        Wav.Audio dog = Wav.read(SharedAudio.require("audio/dog_bark_163459_48k_24bit_stereo.wav"));
        assertThat(dog.sampleRate()).isEqualTo(48000);
        assertThat(dog.channels()).isEqualTo(2);
        assertThat(dog.bitsPerSample()).isEqualTo(24);
        assertThat(dog.seconds()).isBetween(1.9, 2.0);
        float peak = 0;
        for (float v : dog.samples()) peak = Math.max(peak, Math.abs(v));
        assertThat(peak).isBetween(0.01f, 1f);
        Wav.Audio yes = Wav.read(SharedAudio.require("audio/yes_1000ms.wav"));
        assertThat(yes.sampleRate()).isEqualTo(16000);
        assertThat(yes.samples()).hasSize(16000);
        // 16-bit mono: float -> int16 reproduces the file's samples exactly.
        byte[] raw;
        try {
            raw = Files.readAllBytes(SharedAudio.require("audio/yes_1000ms.wav"));
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        ByteBuffer bb = ByteBuffer.wrap(raw, raw.length - 32000, 32000).order(ByteOrder.LITTLE_ENDIAN);
        short[] pcm = yes.pcm16();
        for (int i = 0; i < 16000; i++) assertThat(pcm[i]).isEqualTo(bb.getShort());
    }
}
