package earforge.emit;

/** A {@code static const} array of model.c (placed in flash): a constant tensor or a per-channel parameter table. */
public record CArray(String name, String ctype, int count, int elementBytes, String comment, String body) {
    public long bytes() { return (long) count * elementBytes; }
}
