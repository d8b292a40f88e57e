package critdamp.data;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class Cifar10ShardsTest {
    private static final List<String> FILES = List.of("a", "b", "c", "d", "e");

    @Test
    void everyRecordInExactlyOneShardAndSizesBalanced() {
        int[][] countSets = {{10000, 10000, 10000, 10000, 10000}, {7, 3, 11, 1, 5}, {0, 4, 0, 0, 9}, {1, 1, 1, 1, 1},
                {3, 0, 0, 0, 0}};
        for (int[] counts : countSets) {
            int total = 0;
            for (int c : counts) {
                total += c;
            }
            for (int k : new int[]{1, 2, 3, 4, 5, 7, 8, 16, total}) {
                if (k > total) {
                    continue;
                }
                check(counts, total, k);
            }
        }
    }

    private static void check(int[] counts, int total, int k) {
        List<Cifar10Shard> shards = Cifar10Shards.plan(FILES, counts, k);
        assertThat(shards).hasSize(k);
        Set<String> seen = new HashSet<>();
        List<String> order = new ArrayList<>();
        int min = Integer.MAX_VALUE;
        int max = 0;
        for (int i = 0; i < k; i++) {
            Cifar10Shard s = shards.get(i);
            assertThat(s.index()).isEqualTo(i);
            min = Math.min(min, s.size());
            max = Math.max(max, s.size());
            for (Cifar10Segment seg : s.segments()) {
                assertThat(seg.size()).isPositive();
                for (int r = seg.firstRecord(); r < seg.endRecord(); r++) {
                    String id = seg.fileUri() + "#" + r;
                    assertThat(seen.add(id)).as("duplicate %s", id).isTrue();
                    order.add(id);
                }
            }
        }
        assertThat(seen).hasSize(total);
        assertThat(max - min).as("k=%d", k).isLessThanOrEqualTo(1);
        List<String> expected = new ArrayList<>();
        for (int f = 0; f < counts.length; f++) {
            for (int r = 0; r < counts[f]; r++) {
                expected.add(FILES.get(f) + "#" + r);
            }
        }
        assertThat(order).containsExactlyElementsOf(expected);
    }

    @Test
    void shardSpansFilesWhenKExceedsOneFilesCount() {
        List<Cifar10Shard> shards = Cifar10Shards.plan(List.of("a", "b"), new int[]{5, 5}, 3);
        assertThat(shards.get(0).segments()).containsExactly(new Cifar10Segment("a", 0, 4));
        assertThat(shards.get(1).segments()).containsExactly(new Cifar10Segment("a", 4, 5),
                new Cifar10Segment("b", 0, 2));
        assertThat(shards.get(2).segments()).containsExactly(new Cifar10Segment("b", 2, 5));
        List<Cifar10Shard> many = Cifar10Shards.plan(List.of("a", "b"), new int[]{2, 8}, 4);
        assertThat(many).extracting(Cifar10Shard::size).containsExactly(3, 3, 2, 2);
    }

    @Test
    void rejectsBadK() {
        assertThatThrownBy(() -> Cifar10Shards.plan(List.of("a", "b"), new int[]{2, 1}, 4))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("more workers/partitions (k=4) than records (n=3)");
        assertThatThrownBy(() -> Cifar10Shards.plan(List.of("a"), new int[]{2}, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(">= 1");
        assertThatThrownBy(() -> Cifar10Shards.plan(List.of("a"), new int[]{2, 3}, 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shardsSurviveJavaSerialization() throws Exception {
        Cifar10Shard s = Cifar10Shards.plan(List.of("a", "b"), new int[]{5, 5}, 3).get(1);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(s);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            assertThat(in.readObject()).isEqualTo(s);
        }
    }
}
