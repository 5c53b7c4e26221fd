package earforge.reliability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Stack frames and calls from gcc's -fcallgraph-info=su (.ci files, VCG): each function's own frame, its qualifier
 * (static, dynamic, dynamic,bounded), and the worst-case stack depth below a function (its frame plus the deepest
 * callee chain; functions without information, e.g. memcpy, count 0). Recursion is reported as an error.
 */
final class CallGraph {
    record Frame(String function, long bytes, String kind) {}

    final Map<String, Frame> frames = new LinkedHashMap<>();
    final Map<String, Set<String>> calls = new HashMap<>();

    private static final Pattern NODE = Pattern.compile("node: \\{ title: \"([^\"]+)\" label: \"[^\"]*?\\\\n[^\"]*?\\\\n(\\d+) bytes \\(([a-z,]+)\\)");
    private static final Pattern EDGE = Pattern.compile("edge: \\{ sourcename: \"([^\"]+)\" targetname: \"([^\"]+)\"");

    /** Reads (and deletes) every .ci file of {@code dir}. */
    static CallGraph read(Path dir) throws IOException {
        CallGraph g = new CallGraph();
        List<Path> files;
        try (var s = Files.list(dir)) {
            files = s.filter(p -> p.toString().endsWith(".ci")).toList();
        }
        for (Path f : files) {
            String text = Files.readString(f);
            Matcher n = NODE.matcher(text);
            while (n.find()) g.frames.put(name(n.group(1)), new Frame(name(n.group(1)), Long.parseLong(n.group(2)), n.group(3)));
            Matcher e = EDGE.matcher(text);
            while (e.find()) g.calls.computeIfAbsent(name(e.group(1)), k -> new HashSet<>()).add(name(e.group(2)));
            Files.delete(f);
        }
        return g;
    }

    /** "file.c:helper" (a static function) -> "helper". */
    private static String name(String title) { return title.substring(title.lastIndexOf(':') + 1); }

    /** Worst-case depth in bytes from {@code fn} down. */
    long depth(String fn) { return depth(fn, new ArrayList<>()); }

    private long depth(String fn, List<String> path) {
        if (path.contains(fn)) throw new AssertionError("recursion: " + path + " -> " + fn);
        path.add(fn);
        long below = 0;
        for (String c : calls.getOrDefault(fn, Set.of())) below = Math.max(below, depth(c, path));
        path.remove(path.size() - 1);
        Frame f = frames.get(fn);
        return (f == null ? 0 : f.bytes()) + below;
    }

    /** Functions nobody in this graph calls (entry points). */
    List<String> roots() {
        Set<String> called = new HashSet<>();
        for (Set<String> s : calls.values()) called.addAll(s);
        return frames.keySet().stream().filter(f -> !called.contains(f)).toList();
    }
}
