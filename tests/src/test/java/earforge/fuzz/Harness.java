package earforge.fuzz;

import earforge.EarforgeException;
import java.lang.management.ManagementFactory;
import java.util.function.Predicate;

/**
 * What every fuzz test asserts about one input: the reader returns, or throws an {@link EarforgeException} whose message
 * is one printable line and whose cause (when a reader's last-resort catch kept one) is tolerated for that reader.
 * Anything else is a finding: another exception or error escaping the reader, an OutOfMemoryError even when caught
 * and wrapped (a StackOverflowError too, unless the reader's predicate tolerates it), more than 1 s of CPU time, or an
 * allocation far beyond the input (a reader must check declared sizes before allocating). Hangs are caught by
 * libFuzzer's -timeout.
 */
final class Harness {
    private Harness() {}

    static final long CPU_LIMIT_NS = 1_000_000_000L;
    /** Allowed allocation per input: a fixed allowance plus a multiple of the input's size. */
    static final long ALLOC_BASE = 64L << 20, ALLOC_PER_BYTE = 64;

    // Whole-process figures: a reader may work in a thread of its own (the .h5 importer does).
    private static final com.sun.management.ThreadMXBean THREADS =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static final com.sun.management.OperatingSystemMXBean OS =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    interface Reader { void read(byte[] input) throws Exception; }

    /** For readers whose rejections are all their own checks: no wrapped cause is tolerated. */
    static final Predicate<Throwable> NO_CAUSE = c -> false;

    static void check(String what, byte[] input, Reader reader, Predicate<Throwable> toleratedCause) {
        check(what, input, reader, toleratedCause, ALLOC_BASE);
    }

    /** As above with another fixed allocation allowance (bytes allocated in total, short-lived ones included). */
    static void check(String what, byte[] input, Reader reader, Predicate<Throwable> toleratedCause, long allocBase) {
        long[] cost = run(what, input, reader, toleratedCause);
        long allowed = allocBase + ALLOC_PER_BYTE * input.length;
        if (cost[0] <= CPU_LIMIT_NS && cost[1] <= allowed) return;
        // A costly first run may be class loading (and Jazzer instrumenting the new classes) or the interpreter:
        // a second, warm run decides.
        cost = run(what, input, reader, toleratedCause);
        if (cost[0] > CPU_LIMIT_NS) {
            throw new AssertionError(String.format("%s: %.2f s of CPU time for one %d-byte input (limit 1 s)", what,
                cost[0] / 1e9, input.length));
        }
        if (cost[1] > allowed) {
            throw new AssertionError(String.format("%s: allocated %,d bytes for one %,d-byte input (limit %,d)", what,
                cost[1], input.length, allowed));
        }
    }

    /** One run: {CPU nanoseconds, bytes allocated} of the process (a second, warm run confirms any excess). */
    private static long[] run(String what, byte[] input, Reader reader, Predicate<Throwable> toleratedCause) {
        long alloc0 = THREADS.getTotalThreadAllocatedBytes(), cpu0 = OS.getProcessCpuTime();
        try {
            reader.read(input);
        } catch (EarforgeException e) {
            checkRejection(what, e, toleratedCause);
        } catch (Exception e) {
            e.printStackTrace();   // whole, before Jazzer shortens the finding's trace
            throw new AssertionError(what + ": " + e.getClass().getName() + " escaped the reader (not an EarforgeException)", e);
        }
        return new long[] {OS.getProcessCpuTime() - cpu0, THREADS.getTotalThreadAllocatedBytes() - alloc0};
    }

    static void checkRejection(String what, EarforgeException e, Predicate<Throwable> toleratedCause) {
        String m = e.getMessage();
        if (m == null || m.isBlank()) throw new AssertionError(what + ": EarforgeException without a message", e);
        for (int i = 0; i < m.length(); i++) {
            char c = m.charAt(i);
            if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                throw new AssertionError(what + ": message is not one printable line: " + m, e);
            }
        }
        if (m.length() > EarforgeException.MAX_MESSAGE + 40) throw new AssertionError(what + ": message too long", e);
        for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
            if (c instanceof EarforgeException) continue;
            if (c instanceof OutOfMemoryError || c instanceof VirtualMachineError && !toleratedCause.test(c)) {
                e.printStackTrace();
                throw new AssertionError(what + ": " + c + " wrapped as a rejection: " + m, e);
            }
            if (!toleratedCause.test(c)) {
                e.printStackTrace();
                throw new AssertionError(what + ": reader bug " + c + " wrapped as: " + m, e);
            }
        }
    }

    /**
     * True when the first frame of {@code t} outside the JDK lies in one of {@code pkgs} (a library's own fault on
     * a damaged file), not in earforge's code.
     */
    static boolean thrownInside(Throwable t, String... pkgs) {
        for (StackTraceElement f : t.getStackTrace()) {
            String c = f.getClassName();
            if (c.startsWith("java.") || c.startsWith("jdk.") || c.startsWith("sun.") || c.startsWith("com.code_intelligence.")) continue;
            for (String p : pkgs) if (c.startsWith(p)) return true;
            return false;
        }
        return false;
    }
}
