package critdamp.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * This process's resident memory as the kernel counts it ({@code /proc/self/status}): {@code VmRSS} now and
 * {@code VmHWM}, its high-water mark. Linux only; what {@code bench resident} reads between its stages.
 *
 * @param residentBytes     VmRSS
 * @param peakResidentBytes VmHWM
 */
record ProcessMemory(long residentBytes, long peakResidentBytes) {
    private static final Path STATUS = Path.of("/proc/self/status");

    /** Now. @throws IllegalStateException where there is no {@code /proc/self/status} (not Linux) */
    static ProcessMemory now() {
        if (!Files.isReadable(STATUS)) {
            throw new IllegalStateException(STATUS + " is not readable: resident memory is measured on Linux only");
        }
        try {
            return parse(Files.readAllLines(STATUS));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + STATUS, e);
        }
    }

    /** From the lines of a {@code /proc/<pid>/status} ({@code VmRSS:   123456 kB}). */
    static ProcessMemory parse(List<String> lines) {
        return new ProcessMemory(kiB(lines, "VmRSS:") * 1024, kiB(lines, "VmHWM:") * 1024);
    }

    private static long kiB(List<String> lines, String key) {
        for (String line : lines) {
            if (line.startsWith(key)) {
                String[] f = line.substring(key.length()).trim().split("\\s+");
                if (f.length == 2 && f[1].equals("kB")) {
                    return Long.parseLong(f[0]);
                }
            }
        }
        throw new IllegalStateException("no '" + key + " <n> kB' line in " + STATUS);
    }

    /** Bytes in MiB. */
    static double mib(long bytes) {
        return bytes / (double) (1 << 20);
    }
}
