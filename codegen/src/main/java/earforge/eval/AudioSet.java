package earforge.eval;

import earforge.EarforgeException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * A set of labelled (or unlabelled) WAV clips, from one of:
 * <ul>
 * <li>a folder with one metadata CSV in the form of ESC-50's {@code esc50.csv} (header with {@code filename} and
 *     optionally {@code fold}, {@code target}, {@code category}; {@code ATTRIBUTION.csv} is ignored). Classes are
 *     numbered in increasing {@code target} order (ESC-10: dog = 0, rooster = 1, ...), as the trainer does, or by
 *     category name when there is no target column;</li>
 * <li>a folder without CSV: every *.wav below it (sorted); a clip in a sub-folder takes the sub-folder's name as its
 *     category (dataset/dog/x.wav), clips directly in the folder are unlabelled;</li>
 * <li>a single .wav file (unlabelled).</li>
 * </ul>
 * Fold 0 means "no fold".
 */
public record AudioSet(Path source, List<Clip> clips, List<String> labels) {

    /** label = class index into {@link #labels}, -1 when unlabelled. */
    public record Clip(Path file, int fold, int label, String category) {
        public String name() { return file.getFileName().toString(); }
    }

    public static AudioSet load(Path path) {
        if (Files.isRegularFile(path)) {
            if (!path.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".wav")) {
                throw EarforgeException.of("%s: a dataset is a folder of WAV files (with an optional CSV) or one .wav file", path);
            }
            return new AudioSet(path, List.of(new Clip(path, 0, -1, null)), List.of());
        }
        if (!Files.isDirectory(path)) throw EarforgeException.of("%s: no such dataset folder or WAV file", path);
        List<Path> csvs = list(path, 1).filter(p -> lower(p).endsWith(".csv") && !lower(p).equals("attribution.csv")).toList();
        if (csvs.size() > 1) throw EarforgeException.of("%s: more than one metadata CSV (%s)", path, csvs);
        AudioSet s = csvs.size() == 1 ? fromCsv(path, csvs.get(0)) : fromTree(path);
        if (s.clips.isEmpty()) throw EarforgeException.of("%s: no WAV clips", path);
        return s;
    }

    private static String lower(Path p) { return p.getFileName().toString().toLowerCase(Locale.ROOT); }

    private static Stream<Path> list(Path dir, int depth) {
        try (Stream<Path> s = Files.walk(dir, depth)) {
            return s.filter(Files::isRegularFile).sorted().toList().stream();
        } catch (IOException e) {
            throw EarforgeException.of("%s: cannot list (%s)", dir, e.getMessage());
        }
    }

    private static AudioSet fromTree(Path dir) {
        List<Path> wavs = list(dir, 8).filter(p -> lower(p).endsWith(".wav")).toList();
        TreeSet<String> cats = new TreeSet<>();
        for (Path p : wavs) if (category(dir, p) != null) cats.add(category(dir, p));
        List<String> labels = List.copyOf(cats);
        List<Clip> clips = new ArrayList<>();
        for (Path p : wavs) {
            String c = category(dir, p);
            clips.add(new Clip(p, 0, c == null ? -1 : labels.indexOf(c), c));
        }
        return new AudioSet(dir, List.copyOf(clips), labels);
    }

    private static String category(Path dir, Path wav) {
        Path rel = dir.relativize(wav);
        return rel.getNameCount() > 1 ? rel.getName(0).toString() : null;
    }

    private static AudioSet fromCsv(Path dir, Path csv) {
        List<String> lines;
        try {
            lines = Files.readAllLines(csv);
        } catch (IOException e) {
            throw EarforgeException.of("%s: cannot read (%s)", csv, e.getMessage());
        }
        if (lines.isEmpty()) throw EarforgeException.of("%s: empty CSV", csv);
        List<String> head = Arrays.stream(lines.get(0).trim().split(",")).map(String::trim).toList();
        int cf = head.indexOf("filename"), cd = head.indexOf("fold"), ct = head.indexOf("target"), cc = head.indexOf("category");
        if (cf < 0) throw EarforgeException.of("%s: header has no 'filename' column (has %s)", csv, head);
        List<String[]> rows = new ArrayList<>();
        TreeMap<Integer, String> byTarget = new TreeMap<>();
        TreeSet<String> names = new TreeSet<>();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (line.isEmpty()) continue;
            String[] r = line.split(",");
            if (r.length < head.size()) throw EarforgeException.of("%s:%d: expected %d columns, got %d", csv, i + 1, head.size(), r.length);
            if (cc >= 0) {
                names.add(r[cc].trim());
                if (ct >= 0) {
                    String prev = byTarget.put(integer(csv, i, r[ct]), r[cc].trim());
                    if (prev != null && !prev.equals(r[cc].trim())) {
                        throw EarforgeException.of("%s:%d: target %s is both '%s' and '%s'", csv, i + 1, r[ct], prev, r[cc]);
                    }
                }
            }
            rows.add(r);
        }
        List<String> labels = cc < 0 ? List.of() : ct >= 0 ? List.copyOf(byTarget.values()) : List.copyOf(names);
        List<Clip> clips = new ArrayList<>();
        for (String[] r : rows) {
            Path wav = dir.resolve(r[cf].trim());
            if (!Files.isRegularFile(wav)) throw EarforgeException.of("%s: listed in %s but missing", wav, csv.getFileName());
            int fold = cd < 0 ? 0 : integer(csv, 0, r[cd]);
            String cat = cc < 0 ? null : r[cc].trim();
            clips.add(new Clip(wav, fold, cat == null ? -1 : labels.indexOf(cat), cat));
        }
        return new AudioSet(dir, List.copyOf(clips), labels);
    }

    private static int integer(Path csv, int line, String s) {
        try {
            return Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            throw EarforgeException.of("%s:%d: '%s' is not an integer", csv, line + 1, s);
        }
    }

    /** Only the clips of the given folds (all when folds is empty); error when none is left. */
    public AudioSet folds(int... folds) {
        if (folds == null || folds.length == 0) return this;
        List<Clip> kept = clips.stream().filter(c -> Arrays.stream(folds).anyMatch(f -> f == c.fold())).toList();
        if (kept.isEmpty()) {
            throw EarforgeException.of("%s: no clips in fold(s) %s (folds present: %s)", source, Arrays.toString(folds),
                Arrays.toString(clips.stream().mapToInt(Clip::fold).distinct().sorted().toArray()));
        }
        return new AudioSet(source, kept, labels);
    }

    /** Renumbers the labels to a model's class list by category name; error when a category is not a model class. */
    public AudioSet withLabels(List<String> modelLabels) {
        List<Clip> out = new ArrayList<>();
        for (Clip c : clips) {
            int l = c.category() == null ? -1 : modelLabels.indexOf(c.category());
            if (c.category() != null && l < 0) {
                throw EarforgeException.of("%s: category '%s' is not one of the model's labels %s", c.file(), c.category(), modelLabels);
            }
            out.add(new Clip(c.file(), c.fold(), l, c.category()));
        }
        return new AudioSet(source, List.copyOf(out), List.copyOf(modelLabels));
    }

    public boolean labelled() { return clips.stream().allMatch(c -> c.label() >= 0); }

    /** Parses "1,2,5" or "1-3" into fold numbers. */
    public static int[] parseFolds(String s) {
        if (s == null || s.isBlank()) return new int[0];
        List<Integer> out = new ArrayList<>();
        for (String part : s.split(",")) {
            String p = part.trim();
            try {
                int dash = p.indexOf('-', 1);
                if (dash > 0) {
                    int a = Integer.parseInt(p.substring(0, dash).trim()), b = Integer.parseInt(p.substring(dash + 1).trim());
                    for (int f = a; f <= b; f++) out.add(f);
                } else {
                    out.add(Integer.parseInt(p));
                }
            } catch (NumberFormatException e) {
                throw EarforgeException.of("folds '%s': expected numbers like 1,2,3 or 1-4", s);
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }
}
