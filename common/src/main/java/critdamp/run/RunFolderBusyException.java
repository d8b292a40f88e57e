package critdamp.run;

import java.util.Optional;

/**
 * Another live process holds the run folder's lease ({@link RunLease}), so this command refuses to write there. The
 * message is one line: the folder, the holder (host, pid, since when, its command), how fresh its lease is, and how to
 * go on. Thrown before the refusing command has written anything.
 */
public final class RunFolderBusyException extends IllegalStateException {
    private static final long serialVersionUID = 1L;
    private final transient LeaseHolder holder;

    RunFolderBusyException(String folder, LeaseHolder holder, long refreshedMillisAgo, LeaseTiming timing) {
        super(message(folder, holder, refreshedMillisAgo, timing));
        this.holder = holder;
    }

    /** The live holder, or empty when its lease file was still being written. */
    public Optional<LeaseHolder> holder() {
        return Optional.ofNullable(holder);
    }

    private static String message(String folder, LeaseHolder holder, long refreshedMillisAgo, LeaseTiming timing) {
        String who = holder != null ? holder.describe() : "a process whose lease file is still being written";
        return "run folder " + folder + " is in use by another run: " + who + ", lease refreshed "
                + Math.max(0, refreshedMillisAgo / 1000) + " s ago; wait for that run to end or stop it (a stopped "
                + "run's lease is released, a killed one's is taken over once unrefreshed for "
                + LeaseTiming.seconds(timing.staleAfter()) + " s), then run this again";
    }
}
