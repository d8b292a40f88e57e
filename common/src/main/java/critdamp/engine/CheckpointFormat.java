package critdamp.engine;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * How a checkpoint says which engine wrote it. A DL4J checkpoint is a DL4J {@code ModelSerializer} zip, as before
 * the torch engine (so earlier runs resume); any other engine's starts with the line
 * {@code critdamp-checkpoint engine=<name>}, then its own payload.
 */
public final class CheckpointFormat {
    private static final String MAGIC = "critdamp-checkpoint engine=";
    private static final byte[] ZIP = {'P', 'K', 3, 4};
    private static final int MAX_HEADER = 64;

    private CheckpointFormat() {
    }

    /** Writes the header line of a non-DL4J checkpoint; the engine's payload follows. */
    public static void writeHeader(OutputStream out, EngineKind engine) throws IOException {
        if (engine == EngineKind.DL4J) {
            throw new IllegalArgumentException("a DL4J checkpoint is a bare ModelSerializer zip, without a header");
        }
        out.write((MAGIC + engine.configName() + "\n").getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * Checks that {@code expected} wrote the checkpoint and returns the stream at its payload (for DL4J: the zip,
     * from its first byte).
     *
     * @param source names the checkpoint in messages
     * @throws EngineMismatchException when another engine wrote it
     * @throws IOException             when it is neither a DL4J zip nor starts with the header
     */
    public static InputStream openPayload(InputStream in, EngineKind expected, String source) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(in);
        buffered.mark(MAX_HEADER);
        byte[] head = buffered.readNBytes(ZIP.length);
        if (Arrays.equals(head, ZIP)) {
            buffered.reset();
            return checked(buffered, EngineKind.DL4J, expected, source);
        }
        buffered.reset();
        byte[] line = new byte[MAX_HEADER];
        int n = 0;
        int c;
        while (n < MAX_HEADER && (c = buffered.read()) >= 0 && c != '\n') {
            line[n++] = (byte) c;
        }
        String header = new String(line, 0, n, StandardCharsets.US_ASCII);
        if (!header.startsWith(MAGIC)) {
            throw new IOException("checkpoint " + source + " is neither a DL4J zip nor a critdamp checkpoint");
        }
        EngineKind writer;
        try {
            writer = EngineKind.parse(header.substring(MAGIC.length()));
        } catch (RuntimeException e) {
            throw new IOException("checkpoint " + source + ": " + e.getMessage());
        }
        return checked(buffered, writer, expected, source);
    }

    private static InputStream checked(InputStream payload, EngineKind writer, EngineKind expected, String source) {
        if (writer != expected) {
            throw new EngineMismatchException(source, writer, expected);
        }
        return payload;
    }
}
