package earforge.ir;

/** Element types earforge handles; codes are the .tflite TensorType values. */
public enum DType {
    FLOAT32(0, 4, "float"), INT32(2, 4, "int32_t"), UINT8(3, 1, "uint8_t"), INT64(4, 8, "int64_t"),
    BOOL(6, 1, "bool"), INT16(7, 2, "int16_t"), INT8(9, 1, "int8_t");

    public final int tfliteCode;
    public final int bytes;
    public final String cType;

    DType(int tfliteCode, int bytes, String cType) {
        this.tfliteCode = tfliteCode; this.bytes = bytes; this.cType = cType;
    }

    public static DType fromTflite(int code) {
        for (DType t : values()) if (t.tfliteCode == code) return t;
        return null;
    }
}
