package critdamp.data;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

/** Tiny CIFAR-10 files in the real format for tests. */
final class Cifar10TestFiles {
    private Cifar10TestFiles() {
    }

    /** Random records; record i of a file with {@code tag} has pixel 0 = tag, pixel 1 = i (for tracing). */
    static List<Cifar10Record> records(int n, int tag, long seed) {
        Random r = new Random(seed);
        List<Cifar10Record> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            byte[] px = new byte[Cifar10Format.PIXELS];
            r.nextBytes(px);
            px[0] = (byte) tag;
            px[1] = (byte) i;
            out.add(new Cifar10Record(r.nextInt(10), px));
        }
        return out;
    }

    /** Writes the six files with the given record counts (5 train + test); returns all records per file. */
    static Map<String, List<Cifar10Record>> writeAll(Path dir, int[] trainCounts, int test) throws IOException {
        Files.createDirectories(dir);
        Map<String, List<Cifar10Record>> all = new LinkedHashMap<>();
        for (int i = 0; i < 5; i++) {
            List<Cifar10Record> recs = records(trainCounts[i], i, 100 + i);
            SyntheticCifar10.writeFile(dir.resolve(Cifar10Format.TRAIN_FILES.get(i)), recs);
            all.put(Cifar10Format.TRAIN_FILES.get(i), recs);
        }
        List<Cifar10Record> t = records(test, 9, 999);
        SyntheticCifar10.writeFile(dir.resolve(Cifar10Format.TEST_FILE), t);
        all.put(Cifar10Format.TEST_FILE, t);
        return all;
    }

    /** A .tgz holding {@code prefix + name} for every file of {@code dir} named in {@code names}, plus a stray file. */
    static Path tarball(Path dir, List<String> names, String prefix, Path out) throws IOException {
        try (OutputStream f = Files.newOutputStream(out);
             TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(f))) {
            tar.putArchiveEntry(new TarArchiveEntry(prefix));
            tar.closeArchiveEntry();
            byte[] readme = "not data".getBytes();
            TarArchiveEntry stray = new TarArchiveEntry(prefix + "batches.meta.txt");
            stray.setSize(readme.length);
            tar.putArchiveEntry(stray);
            tar.write(readme);
            tar.closeArchiveEntry();
            for (String n : names) {
                byte[] b = Files.readAllBytes(dir.resolve(n));
                TarArchiveEntry e = new TarArchiveEntry(prefix + n);
                e.setSize(b.length);
                tar.putArchiveEntry(e);
                tar.write(b);
                tar.closeArchiveEntry();
            }
        }
        return out;
    }

    /** The MD5s of the six files of {@code dir}. */
    static Map<String, String> md5s(Path dir) throws IOException {
        Map<String, String> m = new LinkedHashMap<>();
        for (String n : Cifar10Format.allFiles()) {
            m.put(n, Cifar10Checksums.md5(dir.resolve(n)));
        }
        return m;
    }
}
