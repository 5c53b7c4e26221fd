package earforge.boards;

import earforge.toolchain.HostToolchain;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What the toolchain says about a build: section sizes ({@code *-size}), stack frames ({@code -fstack-usage} .su files)
 * and the worst-case stack depth over the call graph ({@code -fcallgraph-info=su} .ci files).
 */
public final class ElfFacts {
    private ElfFacts() {}

    /** text, data, bss of an ELF or object file (Berkeley format of binutils' size). */
    public static long[] size(Path file, String sizeTool) {
        HostToolchain.Result r = HostToolchain.exec(List.of(sizeTool, file.toString()), file.getParent(), new byte[0], 60);
        if (r.exit() != 0) throw new IllegalStateException(sizeTool + " failed: " + r.stderrText());
        String[] lines = new String(r.stdout()).strip().split("\n");
        String[] w = lines[lines.length - 1].trim().split("\\s+");
        return new long[] {Long.parseLong(w[0]), Long.parseLong(w[1]), Long.parseLong(w[2])};
    }

    /** Function name to static stack frame bytes, from every .su file of {@code buildDir}. */
    public static Map<String, Long> frames(Path buildDir) {
        Map<String, Long> m = new HashMap<>();
        try (Stream<Path> s = Files.list(buildDir)) {
            for (Path f : s.filter(p -> p.toString().endsWith(".su")).toList()) {
                for (String l : Files.readAllLines(f)) {
                    String[] w = l.split("\t");
                    if (w.length < 2) continue;
                    String fn = w[0].substring(w[0].lastIndexOf(':') + 1);
                    m.merge(fn, Long.parseLong(w[1].trim()), Math::max);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return m;
    }

    private static final Pattern NODE = Pattern.compile("node: \\{ title: \"([^\"]+)\" label: \"[^\"]*?(?:\\\\n(\\d+) bytes \\((?:static|dynamic[^)]*)\\))?\"");
    private static final Pattern EDGE = Pattern.compile("edge: \\{ sourcename: \"([^\"]+)\" targetname: \"([^\"]+)\"");

    /**
     * Worst-case stack depth from {@code root} over the call graph of the .ci files (-fcallgraph-info=su), with the
     * indirect calls GCC cannot see given as {@code extraEdges} (caller -> callees, plain function names). Functions
     * without a frame in the graph (C library, libgcc) count 0. Node titles are "file.c:name" for static functions.
     */
    public static long worstStack(Path buildDir, String root, Map<String, List<String>> extraEdges) {
        return worstStack(buildDir, root, extraEdges, Set.of(), null);
    }

    /**
     * As above; functions in {@code cut} count 0 and their callees are not followed. With {@code through} non-null,
     * only paths that reach that function count (the depth down to and including its frame).
     */
    public static long worstStack(Path buildDir, String root, Map<String, List<String>> extraEdges, Set<String> cut, String through) {
        Map<String, Long> frame = new HashMap<>();
        Map<String, List<String>> calls = new HashMap<>();
        try (Stream<Path> s = Files.list(buildDir)) {
            for (Path f : s.filter(p -> p.toString().endsWith(".ci")).toList()) {
                String text = Files.readString(f);
                Matcher n = NODE.matcher(text);
                while (n.find()) if (n.group(2) != null) frame.put(plain(n.group(1)), Long.parseLong(n.group(2)));
                Matcher e = EDGE.matcher(text);
                while (e.find()) calls.computeIfAbsent(plain(e.group(1)), k -> new ArrayList<>()).add(plain(e.group(2)));
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        extraEdges.forEach((k, v) -> calls.computeIfAbsent(k, x -> new ArrayList<>()).addAll(v));
        for (String c : cut) {
            frame.put(c, 0L);
            calls.remove(c);
        }
        if (through != null) {
            calls.remove(through);   // depth down to `through`; paths that never reach it do not count
            long d = reach(root, through, frame, calls, new HashSet<>(), new HashMap<>());
            if (d < 0) throw new IllegalStateException(root + " never calls " + through);
            return d;
        }
        return depth(root, frame, calls, new HashSet<>(), new HashMap<>());
    }

    /** Deepest path from fn that ends in target (inclusive), or -1 when target is not reachable. */
    private static long reach(String fn, String target, Map<String, Long> frame, Map<String, List<String>> calls, Set<String> onPath,
                              Map<String, Long> memo) {
        if (fn.equals(target)) return frame.getOrDefault(fn, 0L);
        Long m = memo.get(fn);
        if (m != null) return m;
        if (!onPath.add(fn)) throw new IllegalStateException("recursion through " + fn + ": no static stack bound");
        long best = -1;
        for (String c : calls.getOrDefault(fn, List.of())) best = Math.max(best, reach(c, target, frame, calls, onPath, memo));
        onPath.remove(fn);
        long d = best < 0 ? -1 : frame.getOrDefault(fn, 0L) + best;
        memo.put(fn, d);
        return d;
    }

    private static String plain(String title) { return title.substring(title.lastIndexOf(':') + 1); }

    private static long depth(String fn, Map<String, Long> frame, Map<String, List<String>> calls, Set<String> onPath,
                              Map<String, Long> memo) {
        Long m = memo.get(fn);
        if (m != null) return m;
        if (!onPath.add(fn)) throw new IllegalStateException("recursion through " + fn + ": no static stack bound");
        long deepest = 0;
        for (String c : calls.getOrDefault(fn, List.of())) deepest = Math.max(deepest, depth(c, frame, calls, onPath, memo));
        onPath.remove(fn);
        long d = frame.getOrDefault(fn, 0L) + deepest;
        memo.put(fn, d);
        return d;
    }
}
