package critdamp.gpu;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@link CudaDevices} from {@code nvidia-smi}, which ships with the NVIDIA driver and needs no CUDA runtime: how a JVM
 * learns its GPUs' compute capabilities where ND4J's CUDA 11 runtime is absent (a node or image with only the CUDA 13
 * libraries the torch engine needs). libtorch itself reports only whether CUDA works and how many devices it sees.
 *
 * <p>nvidia-smi lists every GPU of the host in PCI bus order; the CUDA runtime numbers only those in
 * {@code CUDA_VISIBLE_DEVICES} (indices or {@code GPU-} UUIDs, possibly abbreviated), in that list's order, up to
 * the first entry that names no device. The submit scripts set {@code CUDA_DEVICE_ORDER=PCI_BUS_ID}, so without
 * {@code CUDA_VISIBLE_DEVICES} nvidia-smi's index is the CUDA device number. MIG instances ({@code MIG-} entries) are
 * not mapped: the list stops there, as a capability cannot be told.
 */
final class NvidiaSmiDevices {
    /** The query; {@code memory.total} in MiB with {@code nounits}. */
    static final List<String> COMMAND = List.of("nvidia-smi", "--query-gpu=index,uuid,name,compute_cap,memory.total",
            "--format=csv,noheader,nounits");
    private static final long TIMEOUT_SECONDS = 20;

    private NvidiaSmiDevices() {
    }

    /** Runs nvidia-smi (at most 20 s) and reads its answer with this process's {@code CUDA_VISIBLE_DEVICES}. */
    static CudaDevices probe() {
        Process p;
        try {
            p = new ProcessBuilder(COMMAND).redirectErrorStream(true).start();
        } catch (IOException e) {
            return CudaDevices.none("no nvidia-smi (no NVIDIA driver)");
        }
        try {
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return CudaDevices.none("nvidia-smi did not answer in " + TIMEOUT_SECONDS + " s");
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                return CudaDevices.none("nvidia-smi failed (exit " + p.exitValue() + "): " + firstLine(out));
            }
            return parse(out.lines().toList(), System.getenv("CUDA_VISIBLE_DEVICES"));
        } catch (IOException e) {
            return CudaDevices.none("nvidia-smi: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CudaDevices.none("interrupted while waiting for nvidia-smi");
        }
    }

    /**
     * The devices the CUDA runtime would number, from nvidia-smi's lines ({@code index, uuid, name, compute_cap,
     * memory.total [MiB]}) and {@code CUDA_VISIBLE_DEVICES} (null when unset).
     */
    static CudaDevices parse(List<String> lines, String cudaVisibleDevices) {
        List<Row> rows = new ArrayList<>();
        for (String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = Arrays.stream(line.split(",")).map(String::strip).toArray(String[]::new);
            if (f.length != 5 || !f[0].matches("\\d+")) {
                return CudaDevices.none("nvidia-smi: unexpected line '" + line + "'");
            }
            rows.add(new Row(Integer.parseInt(f[0]), f[1], f[2], f[3], f[4]));
        }
        List<Row> visible = cudaVisibleDevices == null ? rows : select(rows, cudaVisibleDevices);
        List<GpuDevice> devices = new ArrayList<>();
        for (Row r : visible) {
            ComputeCapability cc;
            try {
                cc = ComputeCapability.parse(r.computeCap);
            } catch (IllegalArgumentException e) {
                return CudaDevices.none("nvidia-smi reports no compute capability for GPU " + r.index + " ('"
                        + r.computeCap + "'): driver too old for --query-gpu=compute_cap");
            }
            long mib = r.memoryMib.matches("\\d+") ? Long.parseLong(r.memoryMib) : 0;
            devices.add(new GpuDevice(devices.size(), r.name, cc, mib << 20));
        }
        return new CudaDevices(devices, devices.isEmpty() ? (rows.isEmpty() ? "nvidia-smi lists no GPU"
                : "CUDA_VISIBLE_DEVICES=" + cudaVisibleDevices + " names none of nvidia-smi's GPUs") : null);
    }

    /** The rows {@code CUDA_VISIBLE_DEVICES} makes visible, in its order, up to its first entry naming none. */
    private static List<Row> select(List<Row> rows, String cudaVisibleDevices) {
        List<Row> out = new ArrayList<>();
        for (String entry : cudaVisibleDevices.split(",")) {
            String e = entry.strip();
            Row match = rows.stream().filter(r -> e.matches("\\d+") ? r.index == Integer.parseInt(e)
                    : !e.isEmpty() && e.startsWith("GPU-") && r.uuid.startsWith(e)).findFirst().orElse(null);
            if (match == null || out.contains(match)) {
                break;
            }
            out.add(match);
        }
        return out;
    }

    private static String firstLine(String s) {
        return s.lines().findFirst().orElse("").strip();
    }

    private record Row(int index, String uuid, String name, String computeCap, String memoryMib) {
    }
}
