package earforge.boards;

import earforge.EarforgeException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Instruction counts the firmware measured (the PROFILE file of `tensors`/`stream`): per operator the total over all
 * inferences, per front-end stage the calls and total, in counter units; {@code instructionsPerCount} converts.
 */
public record Profile(int instructionsPerCount, long inferences, long[] opTotals, long[] feCalls, long[] feTotals) {

    public static Profile read(Path f, int operators) {
        List<String> lines;
        try {
            lines = Files.readAllLines(f);
        } catch (IOException e) {
            throw EarforgeException.of("%s: no profile from the firmware (%s)", f, e.getMessage());
        }
        int per = 1;
        long inf = 0;
        long[] ops = new long[operators], calls = new long[2], fe = new long[2];
        for (String l : lines) {
            String[] w = l.trim().split("\\s+");
            try {
                switch (w[0]) {
                    case "instructions_per_count" -> per = Integer.parseInt(w[1]);
                    case "inferences" -> inf = Long.parseLong(w[1]);
                    case "op" -> ops[Integer.parseInt(w[1])] = Long.parseUnsignedLong(w[2]);
                    case "frontend" -> {
                        int s = Integer.parseInt(w[1]);
                        calls[s] = Long.parseLong(w[2]);
                        fe[s] = Long.parseUnsignedLong(w[3]);
                    }
                    default -> { }
                }
            } catch (RuntimeException e) {
                throw EarforgeException.of("%s: bad profile line '%s'", f, l);
            }
        }
        return new Profile(per, inf, ops, calls, fe);
    }

    /** Instructions of operator {@code op} per inference. */
    public double opInstructions(int op) {
        return inferences == 0 ? 0 : (double) opTotals[op] * instructionsPerCount / inferences;
    }

    /** Instructions of one inference (all operators). */
    public double modelInstructions() {
        double s = 0;
        for (int k = 0; k < opTotals.length; k++) s += opInstructions(k);
        return s;
    }

    /** Instructions per front-end call of stage 0 (one frame) or 1 (one window: top dB, DCT, quantization). */
    public double frontendInstructions(int stage) {
        return feCalls[stage] == 0 ? 0 : (double) feTotals[stage] * instructionsPerCount / feCalls[stage];
    }

    public String format(ProjectInfo info) {
        StringBuilder sb = new StringBuilder();
        String unit = instructionsPerCount == 1 ? "instructions" : "instructions (resolution " + instructionsPerCount + ")";
        sb.append(String.format(Locale.ROOT, "profile on %s: %s per inference, mean of %d, QEMU -icount (not cycles)%n", info.board(),
            unit, inferences));
        sb.append(String.format(Locale.ROOT, "%4s  %-18s %14s %14s %9s%n", "op", "type", "MACs", "instructions", "instr/MAC"));
        for (ProjectInfo.Layer l : info.layers()) {
            double n = opInstructions(l.index());
            sb.append(String.format(Locale.ROOT, "%4d  %-18s %,14d %,14.0f %9s%n", l.index(), l.op(), l.macs(), n,
                l.macs() == 0 ? "" : String.format(Locale.ROOT, "%.2f", n / l.macs())));
        }
        sb.append(String.format(Locale.ROOT, "%4s  %-18s %14s %,14.0f%n", "", "model", "", modelInstructions()));
        if (feCalls[0] > 0) {
            sb.append(String.format(Locale.ROOT, "front end: %,.0f instructions per frame (%d frames), %,.0f per window (%d windows)%n",
                frontendInstructions(0), feCalls[0], frontendInstructions(1), feCalls[1]));
        }
        return sb.toString();
    }
}
