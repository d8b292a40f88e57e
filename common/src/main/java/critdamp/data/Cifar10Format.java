package critdamp.data;

import java.util.List;

/**
 * The CIFAR-10 binary format ("cifar-10-batches-bin"): each record is one label byte (0..9) followed by 3072 pixel
 * bytes, the red, green and blue 32x32 planes in row-major order. Five training files and one test file of 10,000
 * records each in the original release.
 */
public final class Cifar10Format {
    /** Bytes per record: label plus pixels. */
    public static final int RECORD_BYTES = 3073;
    /** Pixel bytes per record (3 x 32 x 32). */
    public static final int PIXELS = 3072;
    /** Image side in pixels. */
    public static final int SIDE = 32;
    /** Channels (R, G, B planes). */
    public static final int CHANNELS = 3;
    /** Pixels per channel plane. */
    public static final int PLANE = SIDE * SIDE;
    /** Number of classes. */
    public static final int CLASSES = 10;
    /** Training file names, in order. */
    public static final List<String> TRAIN_FILES = List.of("data_batch_1.bin", "data_batch_2.bin",
            "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin");
    /** Test file name. */
    public static final String TEST_FILE = "test_batch.bin";
    /** Records per file in the original data set. */
    public static final int RECORDS_PER_FILE = 10_000;
    /** Size of every file of the original data set. */
    public static final long ORIGINAL_FILE_BYTES = 30_730_000L;
    /** Directory name of the binary release. */
    public static final String DIRECTORY_NAME = "cifar-10-batches-bin";

    private Cifar10Format() {
    }

    /** All six file names: the training files, then the test file. */
    public static List<String> allFiles() {
        return List.of(TRAIN_FILES.get(0), TRAIN_FILES.get(1), TRAIN_FILES.get(2), TRAIN_FILES.get(3),
                TRAIN_FILES.get(4), TEST_FILE);
    }
}
