package critdamp.gpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fatbin reader on a real CUDA library: fatbin-sm75-sm86-ptx86.so, built on this machine with nvcc 13.0 from
 * fatbin-sm75-sm86-ptx86.cu ({@code nvcc -cudart none -shared -Xcompiler -fPIC -gencode arch=compute_75,code=sm_75
 * -gencode arch=compute_86,code=sm_86 -gencode arch=compute_86,code=compute_86}): cubins for sm_75 and sm_86, PTX for
 * compute_86.
 */
class FatbinArchsTest {
    private static final String FIXTURE = "fatbin-sm75-sm86-ptx86.so";

    @Test
    void readsCubinAndPtxArchsOfALibrary(@TempDir Path tmp) throws Exception {
        FatbinArchs.Summary s = FatbinArchs.read(fixture(tmp));
        assertThat(s.fatbins()).isEqualTo(1);
        assertThat(s.elf()).isEqualTo(Map.of(75, 1, 86, 1));
        assertThat(s.ptx()).isEqualTo(Map.of(86, 1));
        assertThat(s.otherEntries()).isZero();
        assertThat(s.describe()).contains("ELF (cubin) archs: sm_75 (1, all) sm_86 (1, all)")
                .contains("PTX archs: compute_86 (1, all)");
    }

    @Test
    void readsALibraryInsideAJar(@TempDir Path tmp) throws Exception {
        Path jar = tmp.resolve("natives.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new JarEntry("org/example/linux-x86_64/" + FIXTURE));
            out.write(Files.readAllBytes(fixture(tmp)));
            out.closeEntry();
        }
        assertThat(FatbinArchs.readJarEntry(jar, FIXTURE).elf()).containsOnlyKeys(75, 86);
        assertThatThrownBy(() -> FatbinArchs.readJarEntry(jar, "libnd4jcuda.so")).hasMessageContaining("no entry");
    }

    @Test
    void countsEachArchOncePerFatbinAndSkipsPadding() {
        ByteBuffer section = ByteBuffer.allocate(2 * (16 + 2 * 64) + 8).order(ByteOrder.LITTLE_ENDIAN);
        fatbin(section, 0, new int[][]{{2, 37}, {2, 86}});
        fatbin(section, 16 + 2 * 64 + 8, new int[][]{{2, 86}, {1, 86}});
        FatbinArchs.Summary s = FatbinArchs.readSection(section);
        assertThat(s.fatbins()).isEqualTo(2);
        assertThat(s.elf()).isEqualTo(Map.of(37, 1, 86, 2));
        assertThat(s.ptx()).isEqualTo(Map.of(86, 1));
    }

    @Test
    void refusesFilesWithoutDeviceCode(@TempDir Path tmp) throws Exception {
        Path text = Files.writeString(tmp.resolve("x.so"), "not an elf file at all, but long enough to have a header"
                + " of sixty-four bytes");
        assertThatThrownBy(() -> FatbinArchs.read(text)).hasMessage("not an ELF file");
        Path java = Path.of(System.getProperty("java.home"), "lib", "libjava.so");
        assertThatThrownBy(() -> FatbinArchs.read(java)).hasMessageStartingWith("no .nv_fatbin section");
    }

    /** Writes a fatbin at {@code at} whose entries have header size 64, empty payloads and {kind, arch}. */
    private static void fatbin(ByteBuffer b, int at, int[][] entries) {
        b.putInt(at, FatbinArchs.FATBIN_MAGIC).putShort(at + 4, (short) 1).putShort(at + 6, (short) 16)
                .putLong(at + 8, 64L * entries.length);
        for (int i = 0; i < entries.length; i++) {
            int e = at + 16 + 64 * i;
            b.putShort(e, (short) entries[i][0]).putInt(e + 4, 64).putLong(e + 8, 0).putInt(e + 28, entries[i][1]);
        }
    }

    private static Path fixture(Path tmp) throws Exception {
        Path p = tmp.resolve(FIXTURE);
        try (InputStream in = FatbinArchsTest.class.getResourceAsStream(FIXTURE)) {
            Files.copy(in, p);
        }
        return p;
    }
}
