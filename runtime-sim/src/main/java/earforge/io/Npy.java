package earforge.io;

import earforge.EarforgeException;
import earforge.ir.DType;
import earforge.ir.Shapes;
import earforge.kernels.Values;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * NumPy .npy files (format v1/v2/v3 headers; little-endian int8/uint8/int16/int32/float32, C order).
 * Data are the typed arrays of {@link Values}.
 */
public final class Npy {
    private Npy() {}

    public record Array(DType type, int[] shape, Object data) {
        public int elements() { return Shapes.elements(shape); }
    }

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final long MAX_BYTES = 1L << 30;
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern ORDER = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    public static Array read(Path path) {
        byte[] b;
        try {
            if (Files.size(path) > MAX_BYTES) throw EarforgeException.of("%s: .npy file too large", path);
            b = Files.readAllBytes(path);
        } catch (IOException e) {
            throw EarforgeException.of("%s: cannot read (%s)", path, e.getMessage());
        }
        return parse(b, path.toString());
    }

    public static Array parse(byte[] b, String src) {
        if (b.length < 10 || !Arrays.equals(Arrays.copyOf(b, 6), MAGIC)) throw EarforgeException.of("%s: not a .npy file (bad magic)", src);
        int major = b[6] & 0xff;
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        long hlen;
        int start;
        if (major == 1) { hlen = bb.getShort(8) & 0xffff; start = 10; }
        else if (major == 2 || major == 3) {
            if (b.length < 12) throw EarforgeException.of("%s: truncated .npy header", src);
            hlen = bb.getInt(8) & 0xffffffffL; start = 12;
        } else throw EarforgeException.of("%s: unsupported .npy version %d", src, major);
        if (start + hlen > b.length) throw EarforgeException.of("%s: truncated .npy header", src);
        String header = new String(b, start, (int) hlen, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        Matcher d = DESCR.matcher(header), o = ORDER.matcher(header), s = SHAPE.matcher(header);
        if (!d.find() || !o.find() || !s.find()) throw EarforgeException.of("%s: malformed .npy header", src);
        if (o.group(1).equals("True")) throw EarforgeException.of("%s: Fortran-order .npy arrays are not supported", src);
        DType type = dtype(d.group(1), src);
        int[] shape = shape(s.group(1), src);
        long n = 1;
        for (int dim : shape) {
            n *= dim;
            if (n > Integer.MAX_VALUE) throw EarforgeException.of("%s: .npy shape %s is too large", src, Arrays.toString(shape));
        }
        int dataStart = (int) (start + hlen);
        long need = n * type.bytes;
        if (b.length - dataStart < need) {
            throw EarforgeException.of("%s: truncated .npy data (%d bytes for shape %s, need %d)", src, b.length - dataStart,
                Arrays.toString(shape), need);
        }
        byte[] raw = Arrays.copyOfRange(b, dataStart, (int) (dataStart + need));
        return new Array(type, shape, Values.decode(type, raw));
    }

    private static DType dtype(String descr, String src) {
        return switch (descr) {
            case "|i1", "<i1", "i1" -> DType.INT8;
            case "|u1", "<u1", "u1" -> DType.UINT8;
            case "<i2" -> DType.INT16;
            case "<i4" -> DType.INT32;
            case "<f4" -> DType.FLOAT32;
            default -> throw EarforgeException.of("%s: unsupported .npy dtype '%s' (int8, uint8, int16, int32, float32 little-endian)", src, descr);
        };
    }

    private static String descr(DType t) {
        return switch (t) {
            case INT8 -> "|i1";
            case UINT8 -> "|u1";
            case INT16 -> "<i2";
            case INT32 -> "<i4";
            case FLOAT32 -> "<f4";
            default -> throw EarforgeException.of("cannot write %s to .npy", t);
        };
    }

    private static int[] shape(String s, String src) {
        String[] parts = s.split(",");
        int[] out = new int[parts.length];
        int k = 0;
        for (String p : parts) {
            p = p.trim();
            if (p.isEmpty()) continue;
            try {
                long v = Long.parseLong(p.endsWith("L") ? p.substring(0, p.length() - 1) : p);
                if (v < 0 || v > Integer.MAX_VALUE) throw new NumberFormatException();
                out[k++] = (int) v;
            } catch (NumberFormatException e) {
                throw EarforgeException.of("%s: bad .npy shape '(%s)'", src, s);
            }
        }
        return Arrays.copyOf(out, k);
    }

    public static byte[] toBytes(DType type, int[] shape, Object data) {
        StringBuilder sh = new StringBuilder();
        for (int d : shape) sh.append(d).append(", ");
        String shapeStr = shape.length == 1 ? shape[0] + "," : sh.length() == 0 ? "" : sh.substring(0, sh.length() - 2);
        String dict = "{'descr': '" + descr(type) + "', 'fortran_order': False, 'shape': (" + shapeStr + "), }";
        int total = 10 + dict.length() + 1;
        int pad = (64 - total % 64) % 64;
        String header = dict + " ".repeat(pad) + "\n";
        byte[] body = Values.encode(data);
        ByteBuffer out = ByteBuffer.allocate(10 + header.length() + body.length).order(ByteOrder.LITTLE_ENDIAN);
        out.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) header.length());
        out.put(header.getBytes(StandardCharsets.ISO_8859_1)).put(body);
        return out.array();
    }

    /** Writes atomically (temp file + rename). */
    public static void write(Path path, DType type, int[] shape, Object data) {
        if (Values.length(data) != Shapes.elements(shape)) throw new IllegalArgumentException("data does not match shape");
        AtomicFiles.write(path, toBytes(type, shape, data));
    }
}
