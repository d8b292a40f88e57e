package critdamp.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * MD5 checksums of the original CIFAR-10 binary files, and their check: fetched data is used only once every file
 * matches, so a corrupt or substituted download can never silently train a model.
 */
public final class Cifar10Checksums {
    /** File name to MD5 (lower-case hex) of the original {@code cifar-10-batches-bin} files. */
    public static final Map<String, String> ORIGINAL;

    static {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("data_batch_1.bin", "5dd7e06a14cb22eb9f671a540d1b7c25");
        m.put("data_batch_2.bin", "5ea93a67294ea407fff1d09f752e9692");
        m.put("data_batch_3.bin", "942cd6a4bcdd0dd3c604fbe906cb4421");
        m.put("data_batch_4.bin", "ae636b3ba5c66a11e91e8cb52e771fcb");
        m.put("data_batch_5.bin", "53f37980c15c3d472c316c40844f3f0d");
        m.put("test_batch.bin", "803d5f7f4d78ea53de84dbe85f74fb6d");
        ORIGINAL = java.util.Collections.unmodifiableMap(m);
    }

    private Cifar10Checksums() {
    }

    /** MD5 of a file, lower-case hex. */
    public static String md5(Path file) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 not available", e);
        }
        byte[] buf = new byte[1 << 20];
        try (InputStream in = Files.newInputStream(file)) {
            int r;
            while ((r = in.read(buf)) > 0) {
                md.update(buf, 0, r);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /**
     * Checks every file named in {@code expected} against its MD5.
     *
     * @throws Cifar10FormatException naming the file, the expected and the actual checksum, or that it is missing
     */
    public static void verify(Path dir, Map<String, String> expected) throws IOException {
        for (Map.Entry<String, String> e : expected.entrySet()) {
            Path f = dir.resolve(e.getKey());
            if (!Files.isRegularFile(f)) {
                throw new Cifar10FormatException(f.toString(), "missing (expected MD5 " + e.getValue() + ")");
            }
            String actual = md5(f);
            if (!actual.equalsIgnoreCase(e.getValue())) {
                throw new Cifar10FormatException(f.toString(), "MD5 mismatch: expected " + e.getValue()
                        + ", actual " + actual + " (" + Files.size(f) + " bytes): corrupt or not the original file");
            }
        }
    }
}
