package critdamp.gpu;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.jar.JarFile;
import java.util.stream.Collectors;

/**
 * Which GPU architectures a CUDA library's kernels are built for, read from its fatbins: the tool behind
 * {@link CudaSupport}'s table (no {@code cuobjdump} needed).
 *
 * <p>nvcc embeds device code in the ELF section {@code .nv_fatbin}: a sequence of fatbins (8-byte aligned), each a
 * 16-byte header (magic {@code 0xBA55ED50} little-endian, u16 version, u16 header size, u64 size of the entries)
 * followed by entries: u16 kind (1 = PTX, 2 = ELF cubin), u16, u32 entry header size, u64 payload size, and the
 * target arch as a u32 at byte 28 (e.g. 86 for sm_86 / compute_86). An ELF cubin runs only on its major version at
 * the same or higher minor; PTX can be compiled by the driver for any newer GPU.
 *
 * <p>Usage: {@code FatbinArchs <library.so>} or {@code FatbinArchs <file.jar> <entry path or file name>}.
 */
public final class FatbinArchs {
    static final int FATBIN_MAGIC = 0xBA55ED50;
    static final int KIND_PTX = 1;
    static final int KIND_ELF = 2;

    private FatbinArchs() {
    }

    /**
     * What the {@code .nv_fatbin} section holds.
     *
     * @param sectionBytes size of the section
     * @param fatbins      fatbins in it
     * @param elf          cubin arch -> number of fatbins holding a cubin for it
     * @param ptx          PTX arch -> number of fatbins holding PTX for it
     * @param otherEntries entries of any other kind
     */
    public record Summary(long sectionBytes, int fatbins, SortedMap<Integer, Integer> elf,
                          SortedMap<Integer, Integer> ptx, int otherEntries) {
        public Summary {
            elf = Collections.unmodifiableSortedMap(new TreeMap<>(elf));
            ptx = Collections.unmodifiableSortedMap(new TreeMap<>(ptx));
        }

        /** The report {@link #main} prints. */
        public String describe() {
            return String.format("%,d bytes of .nv_fatbin, %d fatbins%n", sectionBytes, fatbins)
                    + "ELF (cubin) archs: " + archs(elf, "sm_") + "\n"
                    + "PTX archs: " + (ptx.isEmpty() ? "none" : archs(ptx, "compute_")) + "\n"
                    + (otherEntries > 0 ? "other entries: " + otherEntries + "\n" : "");
        }

        private String archs(SortedMap<Integer, Integer> m, String prefix) {
            return m.entrySet().stream()
                    .map(e -> prefix + e.getKey() + " (" + e.getValue() + (e.getValue() == fatbins ? ", all" : "") + ")")
                    .collect(Collectors.joining(" "));
        }
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: FatbinArchs <library.so> | <file.jar> <entry path or file name>");
            System.exit(2);
        }
        Path file = Path.of(args[0]);
        Summary s;
        if (args.length == 2) {
            System.out.println(args[1] + " in " + file);
            s = readJarEntry(file, args[1]);
        } else {
            System.out.println(file);
            s = read(file);
        }
        System.out.print(s.describe());
    }

    /** Reads the fatbins of an ELF shared library or object. */
    public static Summary read(Path library) throws IOException {
        try (FileChannel ch = FileChannel.open(library)) {
            return readElf(ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size()));
        }
    }

    /** Reads the fatbins of a library inside a jar ({@code entry}: full path, or a file name matched at the end). */
    public static Summary readJarEntry(Path jar, String entry) throws IOException {
        Path tmp = Files.createTempFile("fatbin-", ".so");
        try (JarFile jf = new JarFile(jar.toFile())) {
            var e = jf.stream().filter(x -> x.getName().equals(entry) || x.getName().endsWith("/" + entry))
                    .findFirst().orElseThrow(() -> new IllegalArgumentException("no entry " + entry + " in " + jar));
            try (InputStream in = jf.getInputStream(e)) {
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            }
            return read(tmp);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Finds {@code .nv_fatbin} in a little-endian ELF64 image and reads it. */
    static Summary readElf(ByteBuffer elf) {
        ByteBuffer b = elf.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        if (b.capacity() < 64 || b.getInt(0) != 0x464C457F) {
            throw new IllegalArgumentException("not an ELF file");
        }
        if (b.get(4) != 2 || b.get(5) != 1) {
            throw new IllegalArgumentException("not a little-endian 64-bit ELF file");
        }
        long shoff = b.getLong(0x28);
        int shentsize = Short.toUnsignedInt(b.getShort(0x3A));
        int shnum = Short.toUnsignedInt(b.getShort(0x3C));
        int shstrndx = Short.toUnsignedInt(b.getShort(0x3E));
        long strOff = b.getLong(Math.toIntExact(shoff + (long) shstrndx * shentsize + 24));
        for (int i = 0; i < shnum; i++) {
            int sh = Math.toIntExact(shoff + (long) i * shentsize);
            if (".nv_fatbin".equals(cString(b, Math.toIntExact(strOff + Integer.toUnsignedLong(b.getInt(sh)))))) {
                int off = Math.toIntExact(b.getLong(sh + 24));
                int size = Math.toIntExact(b.getLong(sh + 32));
                return readSection(b.slice(off, size).order(ByteOrder.LITTLE_ENDIAN));
            }
        }
        throw new IllegalArgumentException("no .nv_fatbin section: no CUDA device code in this file");
    }

    /** Reads the fatbins of a {@code .nv_fatbin} section. */
    static Summary readSection(ByteBuffer section) {
        ByteBuffer b = section.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        Map<Integer, Integer> elf = new TreeMap<>();
        Map<Integer, Integer> ptx = new TreeMap<>();
        int fatbins = 0;
        int other = 0;
        long p = 0;
        long end = b.capacity();
        while (p + 16 <= end) {
            if (b.getInt((int) p) != FATBIN_MAGIC) {
                p += 8; // padding between fatbins (8-byte aligned)
                continue;
            }
            int headerSize = Short.toUnsignedInt(b.getShort((int) p + 6));
            long entriesEnd = p + headerSize + b.getLong((int) p + 8);
            if (headerSize < 16 || entriesEnd > end) {
                throw new IllegalArgumentException("corrupt fatbin header at section offset " + p);
            }
            fatbins++;
            SortedMap<Integer, Boolean> elfHere = new TreeMap<>();
            SortedMap<Integer, Boolean> ptxHere = new TreeMap<>();
            long e = p + headerSize;
            while (e + 32 <= entriesEnd) {
                int kind = Short.toUnsignedInt(b.getShort((int) e));
                long entryHeader = Integer.toUnsignedLong(b.getInt((int) e + 4));
                long payload = b.getLong((int) e + 8);
                int arch = b.getInt((int) e + 28);
                if (entryHeader < 32 || e + entryHeader + payload > entriesEnd) {
                    throw new IllegalArgumentException("corrupt fatbin entry at section offset " + e);
                }
                switch (kind) {
                    case KIND_ELF -> elfHere.put(arch, true);
                    case KIND_PTX -> ptxHere.put(arch, true);
                    default -> other++;
                }
                e += entryHeader + payload;
            }
            elfHere.keySet().forEach(a -> elf.merge(a, 1, Integer::sum));
            ptxHere.keySet().forEach(a -> ptx.merge(a, 1, Integer::sum));
            p = (entriesEnd + 7) & ~7L;
        }
        return new Summary(end, fatbins, new TreeMap<>(elf), new TreeMap<>(ptx), other);
    }

    private static String cString(ByteBuffer b, int at) {
        int end = at;
        while (b.get(end) != 0) {
            end++;
        }
        byte[] s = new byte[end - at];
        b.get(at, s);
        return new String(s, StandardCharsets.US_ASCII);
    }
}
