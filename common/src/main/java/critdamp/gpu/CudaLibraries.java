package critdamp.gpu;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Whether the shared libraries a CUDA build needs ({@link CudaSupport#libraries()}) are where the dynamic linker will
 * look, checked by file name without loading anything (so it can decide which native build JavaCPP loads before it
 * loads any). The folders searched are the linker's: {@code LD_LIBRARY_PATH}, the folders listed in
 * {@code /etc/ld.so.conf} and {@code /etc/ld.so.conf.d/*.conf} (where the CUDA, cuDNN and NCCL packages register
 * theirs, and the NVIDIA CUDA images {@code /usr/local/cuda/lib64}) and the system's default folders. Not
 * {@code /usr/local/cuda/lib64} by itself: libtorch_cpu, which needs {@code libcudart.so.13} and
 * {@code libcupti.so.13}, does not name it in its run path, so an unregistered CUDA folder would be "found" here and
 * fail to link. The check errs the safe way: a library the linker would find elsewhere (say in a folder known to
 * {@code /etc/ld.so.cache} alone) is reported missing, libtorch then loads its CPU build and the log line names what
 * to add to {@code LD_LIBRARY_PATH}.
 *
 * @param missing the sonames found nowhere (empty: all present)
 * @param folders the folders searched, in order
 */
public record CudaLibraries(List<String> missing, List<Path> folders) {
    /** The linker's own defaults (Debian/Ubuntu multiarch first). */
    static final List<String> SYSTEM_FOLDERS = List.of("/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu",
            "/lib64", "/usr/lib64", "/lib", "/usr/lib");

    public CudaLibraries {
        missing = List.copyOf(missing);
        folders = List.copyOf(folders);
    }

    /** Looks for {@code build}'s libraries on this machine. */
    public static CudaLibraries find(CudaSupport build) {
        return find(build.libraries(), System.getenv("LD_LIBRARY_PATH"), Path.of("/"));
    }

    /**
     * Looks for {@code sonames} under {@code root} ("/" on a real machine; a test folder in tests).
     *
     * @param ldLibraryPath the value of {@code LD_LIBRARY_PATH} (null when unset)
     */
    static CudaLibraries find(List<String> sonames, String ldLibraryPath, Path root) {
        List<Path> folders = folders(ldLibraryPath, root);
        List<String> missing = sonames.stream()
                .filter(name -> folders.stream().noneMatch(f -> Files.exists(f.resolve(name))))
                .collect(Collectors.toList());
        return new CudaLibraries(missing, folders);
    }

    private static List<Path> folders(String ldLibraryPath, Path root) {
        Set<Path> out = new LinkedHashSet<>();
        if (ldLibraryPath != null) {
            for (String p : ldLibraryPath.split(":")) {
                if (!p.isBlank()) {
                    out.add(under(root, p.strip()));
                }
            }
        }
        out.addAll(ldSoConfFolders(root));
        SYSTEM_FOLDERS.forEach(p -> out.add(under(root, p)));
        return new ArrayList<>(out);
    }

    /**
     * The folders listed in {@code root/etc/ld.so.conf} and {@code root/etc/ld.so.conf.d/*.conf}, one per line
     * ({@code #} comments; {@code include} lines are the folder's, read in name order as ldconfig does).
     */
    static List<Path> ldSoConfFolders(Path root) {
        List<Path> out = new ArrayList<>();
        List<Path> confs = new ArrayList<>();
        confs.add(root.resolve("etc/ld.so.conf"));
        Path dir = root.resolve("etc/ld.so.conf.d");
        if (Files.isDirectory(dir)) {
            try (DirectoryStream<Path> d = Files.newDirectoryStream(dir, "*.conf")) {
                List<Path> sorted = new ArrayList<>();
                d.forEach(sorted::add);
                sorted.sort(null);
                confs.addAll(sorted);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + dir, e);
            }
        }
        for (Path conf : confs) {
            if (!Files.isReadable(conf)) {
                continue;
            }
            try (Stream<String> lines = Files.lines(conf)) {
                lines.map(l -> l.replaceFirst("#.*", "").strip()).filter(l -> l.startsWith("/"))
                        .forEach(l -> out.add(under(root, l)));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + conf, e);
            }
        }
        return out;
    }

    private static Path under(Path root, String absolute) {
        return root.resolve(absolute.replaceFirst("^/+", ""));
    }

    /** True when every library was found. */
    public boolean complete() {
        return missing.isEmpty();
    }

    /** "all 16 found" or "missing libcublas.so.13, libcudnn.so.9 (searched LD_LIBRARY_PATH, ...)". */
    public String describe(int wanted) {
        return complete() ? "all " + wanted + " found"
                : "missing " + String.join(", ", missing) + " (searched LD_LIBRARY_PATH, the folders of "
                        + "/etc/ld.so.conf[.d] and the system folders)";
    }

    /**
     * {@code java -cp <app jar> critdamp.gpu.CudaLibraries <engine>...} (the Docker image's build step): one line per
     * engine ({@code dl4j}, {@code torch}) saying whether its CUDA build's libraries are all there; exit 1 if not.
     */
    public static void main(String[] args) {
        boolean all = true;
        for (String engine : args) {
            CudaSupport build = CudaSupport.forEngine(engine);
            CudaLibraries found = find(build);
            System.out.println("engine " + engine + " (" + build.build() + "): "
                    + found.describe(build.libraries().size()));
            all &= found.complete();
        }
        System.exit(all ? 0 : 1);
    }
}
