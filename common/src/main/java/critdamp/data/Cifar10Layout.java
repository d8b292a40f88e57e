package critdamp.data;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the six CIFAR-10 binary files are: a directory given as any Hadoop URI or local path ({@code /data/x},
 * {@code file:/data/x}, {@code hdfs://nn/x}). {@link #validate} checks, by file size only, that every file is there
 * and holds whole records; {@link #verify} also reads every label byte. Either way a bad data directory fails on the
 * driver, by name, before any work is scheduled.
 */
public final class Cifar10Layout {
    private final String directory;

    private Cifar10Layout(String directory) {
        this.directory = directory;
    }

    /** The layout of directory {@code dir} (Hadoop URI or local path); trailing slashes are ignored. */
    public static Cifar10Layout of(String dir) {
        if (dir == null || dir.isBlank()) {
            throw new IllegalArgumentException("CIFAR-10 data directory must be given");
        }
        String d = dir.strip();
        while (d.length() > 1 && d.endsWith("/") && !d.endsWith(":/") && !d.endsWith("//")) {
            d = d.substring(0, d.length() - 1);
        }
        return new Cifar10Layout(d);
    }

    /** The layout of a local directory (made absolute). */
    public static Cifar10Layout of(java.nio.file.Path dir) {
        return of(dir.toAbsolutePath().normalize().toString());
    }

    /** The directory as given (without trailing slash). */
    public String directory() {
        return directory;
    }

    /** The five training files, in order, as full URIs/paths. */
    public List<String> trainFiles() {
        List<String> out = new ArrayList<>(Cifar10Format.TRAIN_FILES.size());
        for (String f : Cifar10Format.TRAIN_FILES) {
            out.add(resolve(f));
        }
        return out;
    }

    /** The test file as a full URI/path. */
    public String testFile() {
        return resolve(Cifar10Format.TEST_FILE);
    }

    private String resolve(String name) {
        return directory.endsWith("/") ? directory + name : directory + "/" + name;
    }

    /**
     * Checks that every file exists and its size is a positive multiple of {@link Cifar10Format#RECORD_BYTES}.
     *
     * @return the records per file
     * @throws Cifar10FormatException naming the first bad file
     */
    public Counts validate(Configuration conf) throws IOException {
        List<Integer> train = new ArrayList<>();
        for (String f : trainFiles()) {
            train.add(recordCount(conf, f));
        }
        return new Counts(train, recordCount(conf, testFile()));
    }

    /**
     * As {@link #validate}, and additionally reads every label byte of all six files ({@link Cifar10LabelCheck}): the
     * check a run makes on the driver before any training.
     *
     * @return the records per file
     * @throws Cifar10FormatException naming the first bad file, and for a bad label its record and byte offset
     */
    public Counts verify(Configuration conf) throws IOException {
        Counts counts = validate(conf);
        List<String> train = trainFiles();
        for (int i = 0; i < train.size(); i++) {
            Cifar10LabelCheck.check(conf, train.get(i), counts.trainPerFile().get(i));
        }
        Cifar10LabelCheck.check(conf, testFile(), counts.test());
        return counts;
    }

    /**
     * As {@link #validate}, and additionally requires every file to be exactly {@link
     * Cifar10Format#ORIGINAL_FILE_BYTES} long, i.e. the real data set of 50,000 + 10,000 images.
     */
    public Counts validateOriginal(Configuration conf) throws IOException {
        List<String> all = new ArrayList<>(trainFiles());
        all.add(testFile());
        for (String f : all) {
            long len = length(conf, f);
            if (len != Cifar10Format.ORIGINAL_FILE_BYTES) {
                throw new Cifar10FormatException(f, "expected " + Cifar10Format.ORIGINAL_FILE_BYTES + " bytes ("
                        + Cifar10Format.RECORDS_PER_FILE + " records) of the original CIFAR-10, found " + len
                        + " bytes");
            }
        }
        return validate(conf);
    }

    /** Records in one file, checked by its size: positive and a multiple of the record size. */
    static int recordCount(Configuration conf, String file) throws IOException {
        long len = length(conf, file);
        if (len == 0) {
            throw new Cifar10FormatException(file, "empty file (0 bytes), expected CIFAR-10 records of "
                    + Cifar10Format.RECORD_BYTES + " bytes");
        }
        long rem = len % Cifar10Format.RECORD_BYTES;
        if (rem != 0) {
            throw new Cifar10FormatException(file, "size " + len + " bytes is not a multiple of the record size "
                    + Cifar10Format.RECORD_BYTES + " (remainder " + rem + "): truncated or not CIFAR-10 binary");
        }
        long n = len / Cifar10Format.RECORD_BYTES;
        if (n > Integer.MAX_VALUE) {
            throw new Cifar10FormatException(file, "too many records (" + n + ")");
        }
        return (int) n;
    }

    static long length(Configuration conf, String file) throws IOException {
        Path p = new Path(file);
        FileSystem fs = p.getFileSystem(conf);
        FileStatus st;
        try {
            st = fs.getFileStatus(p);
        } catch (FileNotFoundException e) {
            throw new Cifar10FormatException(file, "missing: CIFAR-10 file not found", e);
        }
        if (st.isDirectory()) {
            throw new Cifar10FormatException(file, "is a directory, expected a CIFAR-10 binary file");
        }
        return st.getLen();
    }

    @Override
    public String toString() {
        return "Cifar10Layout[" + directory + "]";
    }

    /**
     * Records per file.
     *
     * @param trainPerFile records in each training file, in order
     * @param test         records in the test file
     */
    public record Counts(List<Integer> trainPerFile, int test) {
        public Counts {
            trainPerFile = List.copyOf(trainPerFile);
        }

        /** Total training records. */
        public int train() {
            int n = 0;
            for (int c : trainPerFile) {
                n += c;
            }
            return n;
        }

        /** The training counts as an array (for {@link Cifar10Shards#plan}). */
        public int[] trainArray() {
            return trainPerFile.stream().mapToInt(Integer::intValue).toArray();
        }
    }
}
