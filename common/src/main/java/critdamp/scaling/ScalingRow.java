package critdamp.scaling;

import critdamp.base.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One measured row of a scaling study ({@code critdamp scaling}): one mode (how the workers run, e.g. threads of one
 * JVM or executor JVMs over loopback) at one worker count. Round timings are medians over the rounds after the first;
 * the {@code *Seconds} parts split {@code roundSeconds} into the slowest worker's compute, the broadcast, the
 * aggregation and the rest. Fields that a run may not reach (time to target) or not measure are nullable.
 *
 * @param bytesPerRound {@code 2 x workers x values x 4}: every worker's copy of the parameters (and of the updater
 *                      state, when averaged) out and back, in float32
 */
public record ScalingRow(String mode, int workers, int perWorkerBatch, int globalBatch, int averagingFrequency,
                         double learningRate, int rounds, double imagesPerSecond, Double efficiency,
                         double roundSeconds, Double computeSeconds, Double broadcastSeconds, Double aggregateSeconds,
                         Double otherSeconds, long bytesPerRound, long paramCount, Double timeToTargetSeconds,
                         Double targetAccuracy, Double finalTestAccuracy, double wallSeconds, String master,
                         boolean oversubscribed) {

    /** One worker's copy, one way: the bytes a worker receives by broadcast and returns to the aggregation. */
    public double payloadBytes() {
        return bytesPerRound / (2.0 * workers);
    }

    /** The rows of a JSON-lines file, one object a line (blank lines skipped); errors name the file and line. */
    public static List<ScalingRow> readJsonl(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        List<ScalingRow> rows = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).isBlank()) {
                rows.add(Json.read(lines.get(i), ScalingRow.class, file + ":" + (i + 1)));
            }
        }
        return rows;
    }
}
