package earforge.train;

import earforge.EarforgeException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;

/**
 * A folder of WAV clips with a CSV in the form of ESC-50's {@code esc50.csv} / ESC-10's {@code esc10.csv}: a header
 * naming at least {@code filename}, {@code fold}, {@code target} and {@code category} (other columns are ignored).
 * Classes are numbered 0.. in increasing {@code target} order, so ESC-10 gives dog=0, rooster=1, rain=2, ...
 */
public record Dataset(Path dir, List<Clip> clips, List<String> labels) {

    /** One clip: its WAV file, fold (1..), class index (0..) and the CSV's original target number. */
    public record Clip(Path file, int fold, int label, int target) {
        public String name() { return file.getFileName().toString(); }
    }

    /** Reads {@code dir/<csv>}: the only *.csv in the folder when {@code csv} is null. */
    public static Dataset load(Path dir, String csv) {
        Path file = csv != null ? dir.resolve(csv) : onlyCsv(dir);
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw EarforgeException.of("%s: cannot read (%s)", file, e.getMessage());
        }
        if (lines.isEmpty()) throw EarforgeException.of("%s: empty CSV", file);
        List<String> head = Arrays.asList(lines.get(0).trim().split(","));
        int cf = column(file, head, "filename"), cd = column(file, head, "fold");
        int ct = column(file, head, "target"), cc = column(file, head, "category");
        TreeMap<Integer, String> names = new TreeMap<>();
        List<String[]> rows = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (line.isEmpty()) continue;
            String[] r = line.split(",");
            if (r.length < head.size()) throw EarforgeException.of("%s:%d: expected %d columns, got %d", file, i + 1, head.size(), r.length);
            int target = parse(file, i, r[ct]);
            String prev = names.put(target, r[cc]);
            if (prev != null && !prev.equals(r[cc])) {
                throw EarforgeException.of("%s:%d: target %d is both '%s' and '%s'", file, i + 1, target, prev, r[cc]);
            }
            rows.add(r);
        }
        List<Integer> targets = new ArrayList<>(names.keySet());
        List<Clip> clips = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            String[] r = rows.get(i);
            int fold = parse(file, i + 1, r[cd]);
            if (fold < 1) throw EarforgeException.of("%s:%d: fold %d must be >= 1", file, i + 2, fold);
            Path wav = dir.resolve(r[cf]);
            if (!Files.isRegularFile(wav)) throw EarforgeException.of("%s: listed in %s but missing", wav, file.getFileName());
            int target = parse(file, i + 1, r[ct]);
            clips.add(new Clip(wav, fold, targets.indexOf(target), target));
        }
        if (clips.isEmpty()) throw EarforgeException.of("%s: no clips", file);
        return new Dataset(dir, List.copyOf(clips), List.copyOf(names.values()));
    }

    private static Path onlyCsv(Path dir) {
        try (var s = Files.list(dir)) {
            List<Path> csvs = s.filter(p -> p.toString().endsWith(".csv") && !p.getFileName().toString().equalsIgnoreCase("ATTRIBUTION.csv")).toList();
            if (csvs.size() != 1) throw EarforgeException.of("%s: expected one metadata CSV, found %d (%s)", dir, csvs.size(), csvs);
            return csvs.get(0);
        } catch (IOException e) {
            throw EarforgeException.of("%s: cannot list (%s)", dir, e.getMessage());
        }
    }

    private static int column(Path file, List<String> head, String name) {
        int i = head.indexOf(name);
        if (i < 0) throw EarforgeException.of("%s: header has no '%s' column (has %s)", file, name, head);
        return i;
    }

    private static int parse(Path file, int line, String s) {
        try {
            return Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            throw EarforgeException.of("%s:%d: '%s' is not an integer", file, line + 1, s);
        }
    }

    public int classes() { return labels.size(); }

    public int[] folds() { return clips.stream().mapToInt(Clip::fold).distinct().sorted().toArray(); }

    public List<Clip> inFolds(int... folds) {
        return clips.stream().filter(c -> Arrays.stream(folds).anyMatch(f -> f == c.fold())).toList();
    }

    /** The first {@code perClass} clips of each class in the given folds (small subsets for smoke tests). */
    public List<Clip> subset(int perClass, int... folds) {
        int[] taken = new int[classes()];
        List<Clip> out = new ArrayList<>();
        for (Clip c : inFolds(folds)) if (taken[c.label()]++ < perClass) out.add(c);
        return out;
    }
}
