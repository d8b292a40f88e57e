package critdamp.run;

import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;

/**
 * A run folder's lease: the one process that writes the folder holds it, so two commands never write one folder at
 * once (two {@code --resume} of one run, a sweep and a manual resume of one of its points). The lease is the file
 * {@value RunFiles#LEASE} in the folder, naming its holder ({@link LeaseHolder}). It is created with
 * {@link ExclusiveCreate} (one atomic step: {@code O_CREAT|O_EXCL} locally, {@code create(path, false)} on HDFS), so of
 * any number of processes that want a free folder exactly one gets it; the others refuse with
 * {@link RunFolderBusyException}. While held, {@link LeaseHeartbeat} refreshes the file's modification time every
 * {@link LeaseTiming#heartbeat()}; {@link #close} removes it (normal end, an error, SIGTERM).
 *
 * <p>A lease is abandoned when its holder can no longer refresh it: unrefreshed for {@link LeaseTiming#staleAfter()},
 * or held by a process that this one can see has ended ({@link LeaseHolder#provablyEnded()}, a driver killed with
 * SIGKILL on this machine). An abandoned lease is taken over, with a warning, and the takeover is race-free: a taker
 * first creates, exclusively, a marker named after the abandoned lease's token ({@code .lease.takeover-<token>-<k>}),
 * so of several takers of one abandoned lease exactly one goes on; it checks that the lease is still the one it judged
 * (same token, not refreshed since), replaces it with its own by delete and exclusive create, and keeps the marker
 * until it releases the folder. A taker that died mid-way leaves a marker that goes stale in turn; the next taker
 * uses the next {@code k}. (One window remains, between the winner's check and its delete: were the judged holder, a
 * live process stalled past the limit, to release in that instant and a third process to claim the free folder, that
 * third one would find its lease lost at its first heartbeat.)
 *
 * <p>A holder that finds at a refresh that its lease is no longer its own (taken over after it stalled for longer than
 * the limit) is {@linkplain #lost lost}: {@link RunFolder} then refuses its writes. Hosts that share a results folder
 * must keep their clocks within the staleness limit minus one heartbeat of each other (NTP does).
 */
final class RunLease implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RunLease.class);
    /** Rounds of create / look / take over before giving up on a folder whose lease keeps changing hands. */
    private static final int ATTEMPTS = 5;
    /** Takeover markers tried for one abandoned lease (each one a taker that died mid-way). */
    private static final int MARKER_GENERATIONS = 100;

    private enum State { HELD, RELEASED, LOST }

    private final FileSystem fs;
    private final Path folder;
    private final Path file;
    private final LeaseHolder holder;
    private final LeaseTiming timing;
    private volatile State state = State.HELD;
    private volatile String lostReason;
    private volatile ScheduledFuture<?> refresher;

    private RunLease(FileSystem fs, Path folder, LeaseHolder holder, LeaseTiming timing) {
        this.fs = fs;
        this.folder = folder;
        this.file = new Path(folder, RunFiles.LEASE);
        this.holder = holder;
        this.timing = timing;
    }

    /**
     * Takes the lease of {@code folder}: free, or abandoned by its holder (taken over with a warning).
     *
     * @throws RunFolderBusyException when a live process holds it
     */
    static RunLease acquire(FileSystem fs, Path folder, LeaseTiming timing) {
        LeaseHolder me = LeaseHolder.thisProcess();
        Path file = new Path(folder, RunFiles.LEASE);
        Observed last = null;
        try {
            for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
                if (ExclusiveCreate.create(fs, file, me.toBytes())) {
                    return started(fs, folder, me, timing);
                }
                Optional<Observed> seen = Observed.of(fs, file);
                if (seen.isEmpty()) {
                    continue; // released between the create and the look: try again
                }
                last = seen.get();
                Optional<String> abandoned = last.abandoned(timing, System.currentTimeMillis());
                if (abandoned.isEmpty() && last.holder == null && attempt < ATTEMPTS - 1) {
                    Thread.sleep(20L * (attempt + 1)); // created a moment ago, still being written: read it whole
                    continue;
                }
                if (abandoned.isEmpty()) {
                    throw last.busy(folder, timing);
                }
                if (takeOver(fs, folder, last, me, timing)) {
                    LOG.warn("took over the lease of run folder {} from {}: {}", folder,
                            last.holder != null ? last.holder.describe() : "an unreadable lease", abandoned.get());
                    return started(fs, folder, me, timing);
                }
                Thread.sleep(20L * (attempt + 1)); // another taker is on it: look again once it is done
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot take the lease of run folder " + folder + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while taking the lease of run folder " + folder, e);
        }
        throw last != null ? last.busy(folder, timing)
                : new IllegalStateException("the lease of run folder " + folder + " kept changing hands");
    }

    /** Takes the lease of a new, empty folder if no one has: a new run's claim; never takes one over. */
    static Optional<RunLease> claim(FileSystem fs, Path folder, LeaseTiming timing) throws IOException {
        LeaseHolder me = LeaseHolder.thisProcess();
        return ExclusiveCreate.create(fs, new Path(folder, RunFiles.LEASE), me.toBytes())
                ? Optional.of(started(fs, folder, me, timing)) : Optional.empty();
    }

    /** The live holder of {@code folder}'s lease, described in one phrase; empty when free or abandoned. */
    static Optional<String> liveHolder(FileSystem fs, Path folder, LeaseTiming timing) {
        try {
            return Observed.of(fs, new Path(folder, RunFiles.LEASE))
                    .filter(o -> o.abandoned(timing, System.currentTimeMillis()).isEmpty())
                    .map(o -> o.holder != null ? o.holder.describe() : "a process whose lease file is being written");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the lease of run folder " + folder + ": " + e.getMessage(), e);
        }
    }

    private static RunLease started(FileSystem fs, Path folder, LeaseHolder me, LeaseTiming timing) {
        RunLease lease = new RunLease(fs, folder, me, timing);
        try {
            fs.setTimes(lease.file, System.currentTimeMillis(), -1); // this host's clock, as every refresh, from now
        } catch (IOException e) {
            LOG.debug("could not set the time of {} (the first refresh will): {}", lease.file, e.getMessage());
        }
        lease.refresher = LeaseHeartbeat.start(lease, timing.heartbeat());
        return lease;
    }

    /**
     * Replaces the abandoned lease {@code seen} by {@code me}'s, unless another taker is doing so or it changed.
     *
     * @return true when {@code me} now holds the lease
     */
    private static boolean takeOver(FileSystem fs, Path folder, Observed seen, LeaseHolder me, LeaseTiming timing)
            throws IOException {
        Path marker = null;
        for (int k = 1; k <= MARKER_GENERATIONS && marker == null; k++) {
            Path candidate = new Path(folder, RunFiles.LEASE_TAKEOVER_PREFIX + seen.key() + "-" + k);
            if (ExclusiveCreate.create(fs, candidate, me.toBytes())) {
                marker = candidate;
            } else if (!markerAbandoned(fs, candidate, timing)) {
                return false; // another process is taking this lease over right now
            }
        }
        if (marker == null) {
            return false;
        }
        Path file = new Path(folder, RunFiles.LEASE);
        Optional<Observed> now = Observed.of(fs, file);
        if (now.isEmpty() || !now.get().sameAs(seen)) { // released or refreshed meanwhile: decide afresh
            fs.delete(marker, false);
            return false;
        }
        fs.delete(file, false);
        return ExclusiveCreate.create(fs, file, me.toBytes()); // false: a new run got the free folder first
    }

    /** A marker whose taker has not finished within the staleness limit: that taker died mid-way. */
    private static boolean markerAbandoned(FileSystem fs, Path marker, LeaseTiming timing) throws IOException {
        try {
            return System.currentTimeMillis() - fs.getFileStatus(marker).getModificationTime()
                    > timing.staleAfter().toMillis();
        } catch (FileNotFoundException e) {
            return false; // its holder released the folder and swept the markers: look again
        }
    }

    /** Whether this lease is still held by this object (not released, not lost to another process). */
    boolean held() {
        return state == State.HELD;
    }

    /** Why this lease was lost, when it was (another process took it over); null otherwise. */
    String lost() {
        return state == State.LOST ? lostReason : null;
    }

    LeaseHolder holder() {
        return holder;
    }

    /**
     * One heartbeat: touches the lease file if it is still this holder's; marks the lease lost when it is not. A
     * failing file system is logged and tried again at the next beat.
     */
    void refresh() {
        if (state != State.HELD) {
            return;
        }
        try {
            Optional<Observed> now = Observed.of(fs, file);
            if (now.isPresent() && now.get().holder != null && holder.token().equals(now.get().holder.token())) {
                fs.setTimes(file, System.currentTimeMillis(), -1);
            } else if (now.isEmpty() && !fs.exists(folder)) {
                stop(State.LOST, "its run folder was removed");
            } else if (now.isEmpty() || now.get().holder != null) {
                String reason = now.isEmpty() ? "its lease file was removed"
                        : "it was taken over by " + now.get().holder.describe();
                stop(State.LOST, reason);
                LOG.error("run folder {}: this run no longer holds the folder's lease ({}); it writes nothing more "
                        + "there", folder, reason);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not refresh the lease of run folder {} (tried again in {} s): {}", folder,
                    LeaseTiming.seconds(timing.heartbeat()), e.getMessage());
        }
    }

    /**
     * Stops refreshing and forgets the lease without removing its file: for a caller that is about to delete the
     * whole folder.
     */
    void detach() {
        stop(State.RELEASED, null);
    }

    /** Releases the lease: stops refreshing, removes the lease file (if still this holder's) and takeover markers. */
    @Override
    public void close() {
        if (!stop(State.RELEASED, null)) {
            return;
        }
        try {
            Optional<Observed> now = Observed.of(fs, file);
            if (now.isPresent() && now.get().holder != null && holder.token().equals(now.get().holder.token())) {
                fs.delete(file, false);
            }
            if (fs.exists(folder)) {
                for (FileStatus s : fs.listStatus(folder,
                        p -> p.getName().startsWith(RunFiles.LEASE_TAKEOVER_PREFIX))) {
                    fs.delete(s.getPath(), false);
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not release the lease of run folder {} (the next run takes it over once it is {} s "
                    + "old): {}", folder, LeaseTiming.seconds(timing.staleAfter()), e.getMessage());
        }
    }

    /** Moves from held to {@code to}; false when no longer held. */
    private synchronized boolean stop(State to, String reason) {
        if (state != State.HELD) {
            return false;
        }
        state = to;
        lostReason = reason;
        LeaseHeartbeat.stop(this, refresher);
        return true;
    }

    @Override
    public String toString() {
        return file + " (" + holder.describe() + ")";
    }

    /**
     * A lease file as another process sees it: its holder (null when the file is not a whole lease yet), its last
     * refresh and length.
     */
    private record Observed(LeaseHolder holder, long modified, long length) {
        static Optional<Observed> of(FileSystem fs, Path file) throws IOException {
            try {
                FileStatus status = fs.getFileStatus(file);
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                try (FSDataInputStream in = fs.open(file)) {
                    in.transferTo(bytes);
                }
                return Optional.of(new Observed(LeaseHolder.parse(bytes.toByteArray()).orElse(null),
                        status.getModificationTime(), status.getLen()));
            } catch (FileNotFoundException e) {
                return Optional.empty();
            }
        }

        /** Why this lease is abandoned, or empty while its holder may still be alive. */
        Optional<String> abandoned(LeaseTiming timing, long nowMillis) {
            if (holder != null && holder.provablyEnded()) {
                return Optional.of("its process has ended");
            }
            long age = nowMillis - modified;
            return age > timing.staleAfter().toMillis()
                    ? Optional.of("not refreshed for " + age / 1000 + " s (limit " + LeaseTiming.seconds(
                    timing.staleAfter()) + " s)")
                    : Optional.empty();
        }

        /** What takeover markers of this lease are named after: its token, or its time and size when unreadable. */
        String key() {
            return holder != null ? holder.token() : "unreadable-" + modified + "-" + length;
        }

        /** The same holding, not refreshed since. */
        boolean sameAs(Observed other) {
            return key().equals(other.key()) && modified == other.modified;
        }

        RunFolderBusyException busy(Path folder, LeaseTiming timing) {
            return new RunFolderBusyException(folder.toString(), holder, System.currentTimeMillis() - modified,
                    timing);
        }
    }
}
