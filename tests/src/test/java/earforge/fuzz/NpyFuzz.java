package earforge.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import earforge.io.Npy;
import earforge.ir.DType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** .npy: {@link Npy#parse}, seeded with arrays of every supported dtype written by {@link Npy#toBytes} and a v2 header. */
class NpyFuzz {
    static Stream<Arguments> seeds() {
        Seeds s = new Seeds()
            .add("int8 1x49x10", Npy.toBytes(DType.INT8, new int[] {1, 49, 10}, new byte[490]))
            .add("uint8 scalar", Npy.toBytes(DType.UINT8, new int[0], new byte[] {7}))
            .add("int16 3", Npy.toBytes(DType.INT16, new int[] {3}, new short[] {-1, 0, 1}))
            .add("int32 2x2", Npy.toBytes(DType.INT32, new int[] {2, 2}, new int[] {1, -2, 3, Integer.MIN_VALUE}))
            .add("float32 2x3", Npy.toBytes(DType.FLOAT32, new int[] {2, 3}, new float[] {0f, -1f, 1e-9f, Float.NaN, 3f, -0f}))
            .add("float32 empty", Npy.toBytes(DType.FLOAT32, new int[] {0, 4}, new float[0]));
        // format 2.0: 4-byte header length
        String dict = "{'descr': '<i2', 'fortran_order': False, 'shape': (2, 1), }";
        String header = dict + " ".repeat(64 - (12 + dict.length() + 1) % 64) + "\n";
        ByteBuffer v2 = ByteBuffer.allocate(12 + header.length() + 4).order(ByteOrder.LITTLE_ENDIAN);
        v2.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 2, 0}).putInt(header.length())
            .put(header.getBytes(StandardCharsets.ISO_8859_1)).putShort((short) 5).putShort((short) -5);
        return s.add("v2 int16 2x1", v2.array()).stream();
    }

    @MethodSource("seeds")
    @FuzzTest(maxDuration = "25s")
    void npy(byte[] data) {
        Harness.check("npy", data, b -> Npy.parse(b, "fuzz.npy"), Harness.NO_CAUSE);
    }
}
