package earforge.boards;

import earforge.EarforgeException;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** External tools: where they are on PATH, and how to install them when they are not. */
public final class Tools {
    private Tools() {}

    /** Install hints per executable (Debian packages where Debian has them). */
    static final Map<String, String> HINTS = Map.ofEntries(
        Map.entry("arm-none-eabi-gcc", "install the Debian packages gcc-arm-none-eabi libnewlib-arm-none-eabi picolibc-arm-none-eabi (scripts/install-deps.sh)"),
        Map.entry("arm-none-eabi-size", "install the Debian package binutils-arm-none-eabi (comes with gcc-arm-none-eabi)"),
        Map.entry("riscv64-unknown-elf-gcc", "install the Debian packages gcc-riscv64-unknown-elf picolibc-riscv64-unknown-elf (scripts/install-deps.sh)"),
        Map.entry("qemu-system-arm", "install the Debian package qemu-system-arm (scripts/install-deps.sh)"),
        Map.entry("qemu-system-riscv32", "install the Debian package qemu-system-misc (scripts/install-deps.sh)"),
        Map.entry("make", "install the Debian package make"),
        Map.entry("st-flash", "install the Debian package stlink-tools (apt-get install stlink-tools)"),
        Map.entry("openocd", "install the Debian package openocd (apt-get install openocd)"),
        Map.entry("STM32_Programmer_CLI", "install STM32CubeProgrammer from st.com (not in Debian) and put its bin/ directory on PATH"),
        Map.entry("esptool.py", "install esptool (Debian package esptool, or pip install esptool; ESP-IDF ships it)"),
        Map.entry("esptool", "install esptool (Debian package esptool, or pip install esptool; ESP-IDF ships it)"),
        Map.entry("idf.py", "install ESP-IDF v5.x (https://docs.espressif.com/projects/esp-idf/en/stable/esp32/get-started/) and run "
            + "'. $IDF_PATH/export.sh' in this shell"),
        Map.entry("xtensa-lx106-elf-gcc", "install the Debian package gcc-xtensa-lx106 (scripts/install-deps.sh)"));

    /** The executable's path on PATH, or null. An absolute or relative path with a slash is taken as is. */
    public static Path find(String exe) {
        if (exe.contains("/")) {
            Path p = Path.of(exe);
            return Files.isExecutable(p) ? p : null;
        }
        String path = System.getenv("PATH");
        if (path == null) return null;
        for (String d : path.split(File.pathSeparator)) {
            if (d.isEmpty()) continue;
            Path p = Path.of(d, exe);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) return p;
        }
        return null;
    }

    public static String hint(String exe) {
        return HINTS.getOrDefault(exe, "install it and put it on PATH");
    }

    /** The executable's path; fails with "X is not installed: <hint>" (for {@code purpose}) when it is missing. */
    public static Path require(String exe, String purpose) {
        Path p = find(exe);
        if (p == null) throw EarforgeException.of("%s is not installed (needed to %s): %s", exe, purpose, hint(exe));
        return p;
    }
}
