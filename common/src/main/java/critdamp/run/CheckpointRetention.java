package critdamp.run;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which checkpoints a run keeps: the {@code keep} newest, plus the one with the best validation accuracy (the split
 * that chooses; the test set never does), so that a long run does not fill its disk and {@code --resume} still finds
 * the newest good one and a fallback. Checkpoints newer than the anchor (the one just written, or the one a resumed
 * run starts from) are never chosen for deletion.
 *
 * @param keep how many of the newest checkpoints stay ({@code training.keepCheckpoints}, at least 1)
 */
public record CheckpointRetention(int keep) {
    public CheckpointRetention {
        if (keep < 1) {
            throw new IllegalArgumentException("checkpoints to keep must be >= 1, got " + keep);
        }
    }

    /**
     * The files (zip names) of {@code entries} to delete.
     *
     * @param entries     the checkpoints, oldest first
     * @param anchorRound the newest round that counts: later checkpoints are kept and not counted
     */
    public Set<String> toDelete(List<Checkpoints.Entry> entries, long anchorRound) {
        List<Checkpoints.Entry> counted = entries.stream().filter(e -> e.position().globalRound() <= anchorRound)
                .toList();
        Set<String> delete = new HashSet<>();
        for (int i = 0; i < counted.size() - keep; i++) {
            delete.add(counted.get(i).file());
        }
        Checkpoints.Entry best = null;
        for (Checkpoints.Entry e : counted) {
            Double v = e.validationAccuracy();
            if (v != null && !v.isNaN() && (best == null || v >= best.validationAccuracy())) {
                best = e;
            }
        }
        if (best != null) {
            delete.remove(best.file());
        }
        return delete;
    }
}
