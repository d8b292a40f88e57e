package critdamp.run;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import critdamp.base.Json;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;

/**
 * Who holds a run folder's lease ({@link RunLease}), as its lease file says: the host, the process and when it started,
 * since when it holds the folder and the command it runs, and a token that tells this holding from any other.
 *
 * <p>{@code processSpace} names where {@code pid} means something: the kernel's boot id and the PID namespace
 * (Linux). A process that shares it can look the holder up, and knows for sure when the holder has ended (a driver
 * killed with SIGKILL), without waiting for the lease to go stale; two containers that happen to share a host name
 * never mistake each other's PIDs.
 *
 * @param host         the holder's host name
 * @param pid          its process id
 * @param processStart when that process started (ISO-8601), or null where unknown
 * @param processSpace boot id and PID namespace of the holder, or null off Linux
 * @param since        when it took the lease (ISO-8601)
 * @param command      the command line it runs (shortened)
 * @param token        unique to this holding
 */
public record LeaseHolder(String host, long pid, String processStart, String processSpace, String since,
                          String command, String token) {
    private static final int MAX_COMMAND = 300;
    private static final ObjectReader READER = Json.mapper().readerFor(LeaseHolder.class)
            .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final ThisProcess HERE = ThisProcess.detect();

    /** This process as a new holder, from now on. */
    static LeaseHolder thisProcess() {
        return new LeaseHolder(HERE.host, HERE.pid, HERE.start, HERE.space,
                Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), HERE.command, UUID.randomUUID().toString());
    }

    /** The lease file's content. */
    byte[] toBytes() {
        return (Json.writeLine(this) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /** A lease file's content read back; empty when it is not a whole lease (still being written, or foreign). */
    static Optional<LeaseHolder> parse(byte[] content) {
        try {
            LeaseHolder h = READER.readValue(content);
            return h.token() == null || h.host() == null ? Optional.empty() : Optional.of(h);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * True when this process can see that the holder has ended: it shares the holder's {@link #processSpace} and no
     * process with the holder's pid and start time runs there. False whenever that cannot be known.
     */
    boolean provablyEnded() {
        if (processSpace == null || !processSpace.equals(HERE.space) || !host.equals(HERE.host)) {
            return false;
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        if (process.isEmpty()) {
            return true;
        }
        Optional<Instant> started = process.get().info().startInstant();
        Optional<Instant> recorded = instant(processStart);
        // another process that got the pid later: a start time more than a second apart
        return started.isPresent() && recorded.isPresent()
                && Duration.between(started.get(), recorded.get()).abs().toMillis() > 1000;
    }

    /** One phrase for messages: {@code pid 1234 on host h1 (since 2026-12-07T10:00:05Z, running "critdamp ...")}. */
    public String describe() {
        return "pid " + pid + " on host " + host + " (since " + since + ", running \"" + command + "\")";
    }

    private static Optional<Instant> instant(String iso) {
        try {
            return iso == null ? Optional.empty() : Optional.of(Instant.parse(iso));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** This JVM's identity, read once. */
    private record ThisProcess(String host, long pid, String start, String space, String command) {
        static ThisProcess detect() {
            ProcessHandle self = ProcessHandle.current();
            String command = System.getProperty("sun.java.command", "java");
            if (command.length() > MAX_COMMAND) {
                command = command.substring(0, MAX_COMMAND - 3) + "...";
            }
            return new ThisProcess(hostName(), self.pid(),
                    self.info().startInstant().map(i -> i.truncatedTo(ChronoUnit.MILLIS).toString()).orElse(null),
                    processSpace(), command);
        }

        private static String hostName() {
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (IOException e) {
                String env = System.getenv("HOSTNAME");
                return env != null && !env.isBlank() ? env : "unknown-host";
            }
        }

        /** {@code <boot id>/<pid namespace>} on Linux, else null. */
        private static String processSpace() {
            try {
                String boot = Files.readString(Path.of("/proc/sys/kernel/random/boot_id")).strip();
                String ns = Files.readSymbolicLink(Path.of("/proc/self/ns/pid")).toString();
                return boot.isEmpty() ? null : boot + "/" + ns;
            } catch (IOException | UnsupportedOperationException | SecurityException e) {
                return null;
            }
        }
    }
}
