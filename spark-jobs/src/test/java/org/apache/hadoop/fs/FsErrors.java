package org.apache.hadoop.fs;

import java.io.IOException;

/** Makes the {@link FSError} Hadoop's local file system throws when a write fails (its constructor is package-private). */
public final class FsErrors {
    private FsErrors() {
    }

    /** What a write to a full local disk throws. */
    public static FSError noSpaceLeft() {
        return new FSError(new IOException("No space left on device"));
    }
}
