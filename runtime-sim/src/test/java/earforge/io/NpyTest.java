package earforge.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import earforge.EarforgeException;
import earforge.ir.DType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyTest {
    @TempDir Path dir;

    @Test
    void roundTripsEveryType() {
        Object[] data = {new byte[] {-128, 0, 127, 5, 6, 7}, new byte[] {(byte) 255, 0, 1, 2, 3, 4},
            new short[] {-32768, 32767, 0, 1, 2, 3}, new int[] {Integer.MIN_VALUE, 1, 2, 3, 4, Integer.MAX_VALUE},
            new float[] {1.5f, -0f, Float.MIN_VALUE, 3, 4, 5}};
        DType[] types = {DType.INT8, DType.UINT8, DType.INT16, DType.INT32, DType.FLOAT32};
        for (int i = 0; i < types.length; i++) {
            Path p = dir.resolve("a" + i + ".npy");
            Npy.write(p, types[i], new int[] {2, 3}, data[i]);
            Npy.Array a = Npy.read(p);
            assertThat(a.type()).isEqualTo(types[i]);
            assertThat(a.shape()).containsExactly(2, 3);
            assertThat(a.data()).isEqualTo(data[i]);
        }
    }

    @Test
    void headerIsWhatNumpyWrites() throws Exception {
        Path p = dir.resolve("h.npy");
        Npy.write(p, DType.FLOAT32, new int[] {4}, new float[4]);
        byte[] b = Files.readAllBytes(p);
        int hlen = (b[8] & 0xff) | (b[9] & 0xff) << 8;
        assertThat((10 + hlen) % 64).isZero();
        assertThat(new String(b, 10, hlen, StandardCharsets.ISO_8859_1))
            .startsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (4,), }").endsWith("\n");
    }

    @Test
    void readsVersion2Headers() {
        String dict = "{'descr': '|i1', 'fortran_order': False, 'shape': (3,), }\n";
        ByteBuffer b = ByteBuffer.allocate(12 + dict.length() + 3).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 2, 0}).putInt(dict.length());
        b.put(dict.getBytes(StandardCharsets.ISO_8859_1)).put(new byte[] {1, 2, 3});
        Npy.Array a = Npy.parse(b.array(), "v2");
        assertThat((byte[]) a.data()).containsExactly(1, 2, 3);
    }

    @Test
    void rejectsBadFilesWithOneLine() {
        byte[] good = Npy.toBytes(DType.INT32, new int[] {3}, new int[] {1, 2, 3});
        assertThatThrownBy(() -> Npy.parse(new byte[] {1, 2, 3}, "f")).isInstanceOf(EarforgeException.class)
            .hasMessage("f: not a .npy file (bad magic)");
        byte[] trunc = java.util.Arrays.copyOf(good, good.length - 1);
        assertThatThrownBy(() -> Npy.parse(trunc, "f")).hasMessageContaining("truncated .npy data");
        byte[] f8 = new String(good, StandardCharsets.ISO_8859_1).replace("<i4", "<f8").getBytes(StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> Npy.parse(f8, "f")).hasMessageContaining("unsupported .npy dtype '<f8'");
        byte[] be = new String(good, StandardCharsets.ISO_8859_1).replace("<i4", ">i4").getBytes(StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> Npy.parse(be, "f")).hasMessageContaining("unsupported .npy dtype '>i4'");
    }
}
