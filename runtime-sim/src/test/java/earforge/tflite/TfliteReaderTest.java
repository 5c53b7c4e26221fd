package earforge.tflite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import earforge.EarforgeException;
import earforge.ir.Graph;
import earforge.ir.Tensor;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tensorflow.lite.schema.Model;
import org.tensorflow.lite.schema.ModelT;

class TfliteReaderTest {
    private final byte[] bytes = TfliteWriter.toBytes(TinyModels.fc2(1));

    @Test
    void writeThenReadGivesTheSameGraph() {
        Graph a = TinyModels.fc2(1), b = TfliteReader.read(bytes, "mem");
        assertThat(b.tensors).hasSameSizeAs(a.tensors);
        for (Tensor t : a.tensors) {
            Tensor u = b.tensor(t.index);
            assertThat(u.name).isEqualTo(t.name);
            assertThat(u.type).isEqualTo(t.type);
            assertThat(u.shape).isEqualTo(t.shape);
            assertThat(u.quant).isEqualTo(t.quant);
            assertThat(u.data).isEqualTo(t.data);
        }
        assertThat(b.operators).hasSameSizeAs(a.operators);
        for (int k = 0; k < a.operators.size(); k++) {
            assertThat(b.operators.get(k).type).isEqualTo(a.operators.get(k).type);
            assertThat(b.operators.get(k).inputs).isEqualTo(a.operators.get(k).inputs);
            assertThat(b.operators.get(k).options).isEqualTo(a.operators.get(k).options);
        }
        assertThat(b.inputs).isEqualTo(a.inputs);
        assertThat(b.outputs).isEqualTo(a.outputs);
    }

    @Test
    void writerIsDeterministic() {
        assertThat(TfliteWriter.toBytes(TinyModels.fc2(1))).isEqualTo(bytes);
    }

    @Test
    void everyTruncationIsAOneLineError() {
        for (int n = 0; n < bytes.length; n++) {
            byte[] cut = Arrays.copyOf(bytes, n);
            try {
                TfliteReader.read(cut, "cut");
            } catch (EarforgeException e) {
                assertThat(e.getMessage()).doesNotContain("\n").startsWith("cut: ");
            }
        }
    }

    @Test
    void randomCorruptionNeverEscapesAsAnotherException() {
        Random r = new Random(5);
        for (int i = 0; i < 3000; i++) {
            byte[] bad = bytes.clone();
            int flips = 1 + r.nextInt(8);
            for (int f = 0; f < flips; f++) bad[8 + r.nextInt(bad.length - 8)] = (byte) r.nextInt();
            try {
                TfliteReader.read(bad, "bad");
            } catch (EarforgeException e) {
                assertThat(e.getMessage()).doesNotContain("\n");
            }
        }
    }

    @Test
    void wrongMagicIsNamed() {
        byte[] bad = bytes.clone();
        bad[4] = 'X';
        assertThatThrownBy(() -> TfliteReader.read(bad, "m.tflite")).isInstanceOf(EarforgeException.class)
            .hasMessage("m.tflite: not a .tflite file (missing TFL3 identifier)");
    }

    @Test
    void unsupportedOperatorIsNamedWithTheSupportedList() {
        ModelT m = Model.getRootAsModel(ByteBuffer.wrap(bytes)).unpack();
        m.getOperatorCodes()[0].setBuiltinCode(97);           // SQUARED_DIFFERENCE? any op earforge lacks
        m.getOperatorCodes()[0].setDeprecatedBuiltinCode((byte) 97);
        var fbb = new com.google.flatbuffers.FlatBufferBuilder();
        Model.finishModelBuffer(fbb, Model.pack(fbb, m));
        byte[] bad = fbb.sizedByteArray();
        assertThatThrownBy(() -> TfliteReader.read(bad, "x")).isInstanceOf(EarforgeException.class)
            .hasMessageContaining("unsupported operator " + org.tensorflow.lite.schema.BuiltinOperator.name(97))
            .hasMessageContaining("supported: ADD, AVERAGE_POOL_2D");
    }

    @Test
    void bufferSizeMismatchIsNamed() {
        ModelT m = Model.getRootAsModel(ByteBuffer.wrap(bytes)).unpack();
        var t = m.getSubgraphs()[0].getTensors()[1];             // weights of the first FC
        t.setShape(new int[] {6, 9});
        var fbb = new com.google.flatbuffers.FlatBufferBuilder();
        Model.finishModelBuffer(fbb, Model.pack(fbb, m));
        byte[] bad = fbb.sizedByteArray();
        assertThatThrownBy(() -> TfliteReader.read(bad, "x")).isInstanceOf(EarforgeException.class)
            .hasMessageContaining("needs 54 bytes but its buffer has 48");
    }

    @Test
    void outOfRangeBufferIndexIsNamed() {
        ModelT m = Model.getRootAsModel(ByteBuffer.wrap(bytes)).unpack();
        m.getSubgraphs()[0].getTensors()[1].setBuffer(999);
        var fbb = new com.google.flatbuffers.FlatBufferBuilder();
        Model.finishModelBuffer(fbb, Model.pack(fbb, m));
        byte[] bad = fbb.sizedByteArray();
        assertThatThrownBy(() -> TfliteReader.read(bad, "x")).hasMessageContaining("refers to buffer 999");
    }
}
