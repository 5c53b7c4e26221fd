package earforge.fuzz;

import earforge.testing.Shared;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.provider.Arguments;

/**
 * Seed inputs of the fuzz tests: real files read at run time (../shared, the repository's boards/) and small files the
 * tests make. Nothing from ../shared is copied into the repository. Jazzer runs every seed as a regression test and, in
 * fuzzing mode, starts mutating from them.
 */
final class Seeds {
    private final List<Arguments> list = new ArrayList<>();

    /** Every file of ../shared/{dir} ending in one of {@code exts}; none (with a note) when ../shared is absent. */
    Seeds shared(String dir, String... exts) {
        Path d = Shared.dir().resolve(dir);
        if (!Files.isDirectory(d)) {
            System.err.println("fuzz seeds: " + d + " not found, fuzzing from generated seeds only");
            return this;
        }
        return files(d, exts);
    }

    Seeds files(Path dir, String... exts) {
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.sorted().toList()) {
                String n = p.getFileName().toString();
                if (Stream.of(exts).anyMatch(n::endsWith)) add(n, Files.readAllBytes(p));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    Seeds add(String name, byte[] bytes) {
        list.add(Arguments.of(Named.of(name, bytes)));
        return this;
    }

    Stream<Arguments> stream() { return list.stream(); }
}
