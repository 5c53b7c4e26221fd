package earforge.verify;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.util.List;

/** Everything `earforge verify` measured; written as report.json and rendered as report.html. */
public record VerifyReport(String floatModel, String int8Model, String dataset, int[] folds, String frontend,
                           String inputLayoutFloat, String inputLayoutInt8, List<String> labels, int clips, int windows,
                           double floatAccuracy, double int8Accuracy, double accuracyDrop, double clipAgreement,
                           double windowAgreement, int nonSilentWindows, double nonSilentWindowAgreement, List<Fold> perFold, List<ClassResult> perClass, int[][] confusionFloat,
                           int[][] confusionInt8, List<Layer> layers, Budget budget, Thresholds thresholds, boolean pass,
                           List<String> failures, List<Disagreement> disagreements, double seconds) {

    public record Fold(int fold, int clips, double floatAccuracy, double int8Accuracy, double clipAgreement) {}

    public record ClassResult(String label, int clips, double floatAccuracy, double int8Accuracy) {}

    /** Per-layer error of the int8 tensor against the float one; snrDb null = no error at all. */
    public record Layer(int op, String opType, String tensor, int[] shape, String matchedBy, double cosine, double rmse,
                        Double snrDb, double maxAbs, double scale) {}

    public record BudgetLayer(int op, String opType, long macs, long constantBytes) {}

    /** What the int8 model costs as generated C (earforge budget); null fields when it could not be lowered. */
    public record Budget(Integer arenaBytes, Long constantBytes, Long macs, List<BudgetLayer> layers, String note) {}

    public record Thresholds(double maxDrop, double minAgreement) {}

    public record Disagreement(String clip, int fold, String label, String floatPrediction, String int8Prediction,
                               double floatScore, double int8Score) {}

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
        .registerModule(new SimpleModule().addSerializer(Double.class, new FiniteDouble()).addSerializer(double.class, new FiniteDouble()));

    public String toJson() {
        try {
            return JSON.writeValueAsString(this) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** JSON has no NaN or infinity: write null for them. */
    private static final class FiniteDouble extends StdSerializer<Double> {
        FiniteDouble() { super(Double.class); }

        @Override public void serialize(Double v, JsonGenerator g, SerializerProvider p) throws IOException {
            if (v == null || !Double.isFinite(v)) g.writeNull(); else g.writeNumber(v);
        }
    }
}
