package earforge.io;

import earforge.EarforgeException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * RIFF/WAVE files as users have them: PCM 8 (unsigned) / 16 / 24 / 32-bit, IEEE float 32 / 64-bit, plain or
 * WAVE_FORMAT_EXTENSIBLE, any channel count (downmixed to mono by averaging), chunks in any order with odd-size
 * padding. Samples become floats in [-1, 1): int / 2^(bits-1), 8-bit (u - 128) / 128 (librosa / soundfile scaling).
 * Every malformed or truncated file gives one EarforgeException line naming the file and the cause.
 */
public final class Wav {
    private Wav() {}

    public static final long MAX_BYTES = 1L << 30;
    private static final int PCM = 1, FLOAT = 3, EXTENSIBLE = 0xFFFE;

    /** Mono audio (downmixed) plus what the file was. */
    public record Audio(int sampleRate, int channels, int bitsPerSample, boolean isFloat, float[] samples) {
        public double seconds() { return (double) samples.length / sampleRate; }

        /** int16 PCM of the samples: floor(x * 32768 + 0.5) saturated to [-32768, 32767] (exact for 16-bit mono). */
        public short[] pcm16() { return toPcm16(samples); }

        public String describe() {
            return String.format("%d Hz, %d-bit %s, %d channel%s%s, %.3f s", sampleRate, bitsPerSample,
                isFloat ? "float" : "PCM", channels, channels == 1 ? "" : "s", channels > 1 ? " (downmixed)" : "",
                seconds());
        }
    }

    public static short[] toPcm16(float[] x) {
        short[] s = new short[x.length];
        for (int i = 0; i < x.length; i++) {
            double v = Math.floor(x[i] * 32768.0 + 0.5);
            s[i] = (short) Math.max(-32768, Math.min(32767, v));
        }
        return s;
    }

    public static Audio read(Path path) {
        byte[] b;
        try {
            if (!Files.isRegularFile(path)) throw EarforgeException.of("%s: no such WAV file", path);
            if (Files.size(path) > MAX_BYTES) throw EarforgeException.of("%s: WAV file larger than 1 GiB", path);
            b = Files.readAllBytes(path);
        } catch (IOException e) {
            throw EarforgeException.of("%s: cannot read (%s)", path, e.getMessage());
        }
        return parse(b, path.toString());
    }

    public static Audio parse(byte[] b, String src) {
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        if (b.length < 12 || !tag(b, 0, "RIFF") || !tag(b, 8, "WAVE")) {
            throw fail(src, b.length < 12 ? "file too short for a RIFF/WAVE header" : "not a WAV file (no RIFF/WAVE header)");
        }
        int format = -1, channels = 0, rate = 0, align = 0, bits = 0;
        int dataPos = -1;
        long dataLen = 0;
        int pos = 12;
        while (pos + 8 <= b.length) {
            String id = new String(b, pos, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
            long size = bb.getInt(pos + 4) & 0xFFFFFFFFL;
            int body = pos + 8;
            long remaining = b.length - body;
            if (id.equals("fmt ")) {
                if (size < 16 || size > remaining) throw fail(src, "fmt chunk truncated or too short (" + size + " bytes)");
                format = bb.getShort(body) & 0xFFFF;
                channels = bb.getShort(body + 2) & 0xFFFF;
                rate = bb.getInt(body + 4);
                align = bb.getShort(body + 12) & 0xFFFF;
                bits = bb.getShort(body + 14) & 0xFFFF;
                if (format == EXTENSIBLE) {
                    if (size < 40) throw fail(src, "WAVE_FORMAT_EXTENSIBLE fmt chunk shorter than 40 bytes");
                    format = bb.getShort(body + 24) & 0xFFFF;   // first two bytes of the SubFormat GUID
                    if (!guidTail(b, body + 26)) throw fail(src, "unknown WAVE_FORMAT_EXTENSIBLE SubFormat GUID");
                }
            } else if (id.equals("data")) {
                if (format < 0) throw fail(src, "data chunk before the fmt chunk");
                if (size == 0xFFFFFFFFL) size = remaining;                       // streaming writers' "unknown size"
                if (size > remaining) {
                    throw fail(src, "truncated: data chunk declares " + size + " bytes but only " + remaining
                        + " are present");
                }
                dataPos = body;
                dataLen = size;
                break;
            } else if (size > remaining) {
                throw fail(src, "truncated: chunk '" + printable(id) + "' declares " + size + " bytes but only "
                    + remaining + " are present");
            }
            pos = (int) Math.min(b.length, body + size + (size & 1));      // odd chunks carry one pad byte
        }
        if (format < 0) throw fail(src, "no fmt chunk");
        if (dataPos < 0) throw fail(src, "no data chunk");
        boolean isFloat = format == FLOAT;
        if (format != PCM && format != FLOAT) {
            throw fail(src, String.format("unsupported encoding (format tag 0x%04X%s); supported: PCM 8/16/24/32-bit, "
                + "IEEE float 32/64-bit", format, switch (format) {
                    case 2 -> ", ADPCM";
                    case 6 -> ", A-law";
                    case 7 -> ", mu-law";
                    default -> "";
                }));
        }
        boolean okBits = isFloat ? (bits == 32 || bits == 64) : (bits == 8 || bits == 16 || bits == 24 || bits == 32);
        if (!okBits) throw fail(src, bits + "-bit " + (isFloat ? "float" : "PCM") + " samples are not supported");
        if (channels < 1 || channels > 64) throw fail(src, "invalid channel count " + channels);
        if (rate < 1 || rate > 1_000_000) throw fail(src, "invalid sample rate " + Integer.toUnsignedString(rate));
        int bytes = bits / 8;
        if (align != channels * bytes) {
            throw fail(src, "block align " + align + " does not match " + channels + " channels x " + bits + " bits");
        }
        if (dataLen % align != 0) throw fail(src, "truncated: data chunk ends in the middle of a sample frame");
        int frames = (int) (dataLen / align);
        float[] mono = new float[frames];
        for (int f = 0; f < frames; f++) {
            double sum = 0;
            for (int ch = 0; ch < channels; ch++) {
                int p = dataPos + f * align + ch * bytes;
                double v = sample(bb, b, p, bits, isFloat);
                if (!Double.isFinite(v)) throw fail(src, "non-finite float sample at frame " + f);
                sum += v;
            }
            mono[f] = (float) (sum / channels);
        }
        return new Audio(rate, channels, bits, isFloat, mono);
    }

    private static double sample(ByteBuffer bb, byte[] b, int p, int bits, boolean isFloat) {
        if (isFloat) return bits == 32 ? bb.getFloat(p) : bb.getDouble(p);
        return switch (bits) {
            case 8 -> ((b[p] & 0xFF) - 128) / 128.0;
            case 16 -> bb.getShort(p) / 32768.0;
            case 24 -> ((b[p] & 0xFF) | (b[p + 1] & 0xFF) << 8 | b[p + 2] << 16) / 8388608.0;   // b[p+2] sign-extends
            default -> bb.getInt(p) / 2147483648.0;
        };
    }

    // KSDATAFORMAT_SUBTYPE_* = xxxxxxxx-0000-0010-8000-00AA00389B71; bytes 2..15 after the 16-bit tag.
    private static final byte[] GUID_TAIL = {0, 0, 0, 0, 0x10, 0, (byte) 0x80, 0, 0, (byte) 0xAA, 0, 0x38, (byte) 0x9B, 0x71};

    private static boolean guidTail(byte[] b, int p) {
        for (int i = 0; i < GUID_TAIL.length; i++) if (b[p + i] != GUID_TAIL[i]) return false;
        return true;
    }

    private static boolean tag(byte[] b, int p, String t) {
        for (int i = 0; i < 4; i++) if (b[p + i] != t.charAt(i)) return false;
        return true;
    }

    private static String printable(String id) { return id.replaceAll("[^\\x20-\\x7e]", "?"); }

    private static EarforgeException fail(String src, String why) { return EarforgeException.of("%s: %s", src, why); }

    /** 16-bit PCM mono WAV. */
    public static void write16(Path path, int sampleRate, short[] pcm) {
        ByteBuffer bb = ByteBuffer.allocate(44 + 2 * pcm.length).order(ByteOrder.LITTLE_ENDIAN);
        bb.put("RIFF".getBytes()).putInt(36 + 2 * pcm.length).put("WAVE".getBytes());
        bb.put("fmt ".getBytes()).putInt(16).putShort((short) PCM).putShort((short) 1).putInt(sampleRate)
            .putInt(sampleRate * 2).putShort((short) 2).putShort((short) 16);
        bb.put("data".getBytes()).putInt(2 * pcm.length);
        for (short s : pcm) bb.putShort(s);
        try {
            Files.write(path, bb.array());
        } catch (IOException e) {
            throw EarforgeException.of("%s: cannot write (%s)", path, e.getMessage());
        }
    }
}
