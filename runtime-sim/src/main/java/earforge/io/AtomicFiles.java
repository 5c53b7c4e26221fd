package earforge.io;

import earforge.EarforgeException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/** Writes a file atomically: a temporary file beside it, then a rename; no half-written output on failure. */
public final class AtomicFiles {
    private AtomicFiles() {}

    public static void write(Path path, byte[] bytes) {
        Path abs = path.toAbsolutePath();
        try {
            Path tmp = Files.createTempFile(abs.getParent(), "." + abs.getFileName() + ".", ".tmp");
            try {
                Files.write(tmp, bytes);
                makeReadable(tmp);
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw EarforgeException.of("%s: cannot write (%s)", path, e.getMessage());
        }
    }

    /** Refuses (before any work) an output file that exists, unless {@code force}; a directory is never replaced. */
    public static void checkReplaceable(Path path, boolean force) {
        if (Files.isDirectory(path)) throw EarforgeException.of("%s is a directory", path);
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) throw EarforgeException.of("%s: folder %s does not exist", path, parent);
        if (Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS) && !force) {
            throw EarforgeException.of("%s exists (use --force to replace it)", path);
        }
    }

    /** Temp files are created rw-------; outputs get the usual rw-r--r--. */
    public static void makeReadable(Path p) throws IOException {
        try {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-r--r--"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: keep the defaults
        }
    }
}
