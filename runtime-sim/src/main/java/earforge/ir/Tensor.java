package earforge.ir;

import java.util.Arrays;

/**
 * A tensor of the graph. Constant tensors carry their bytes (little-endian, as in .tflite);
 * activations have {@code data == null}.
 */
public final class Tensor {
    public final int index;
    public String name;
    public DType type;
    public int[] shape;
    public Quant quant;      // null for float tensors without quantization
    public byte[] data;      // constant buffer, or null

    public Tensor(int index, String name, DType type, int[] shape, Quant quant, byte[] data) {
        this.index = index; this.name = name; this.type = type; this.shape = shape; this.quant = quant; this.data = data;
    }

    public boolean isConstant() { return data != null; }
    public int rank() { return shape.length; }
    public int dim(int i) { return shape[i < 0 ? shape.length + i : i]; }
    public int elements() { return Shapes.elements(shape); }
    public int bytes() { return elements() * type.bytes; }

    @Override public String toString() {
        return String.format("#%d %s %s%s%s", index, name, type, Arrays.toString(shape), quant == null ? "" : " " + quant);
    }
}
