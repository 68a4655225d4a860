package io.veloce.bench;

/**
 * A fixed-size log-linear histogram of non-negative {@code long} values (nanoseconds here), for
 * the load generator, because HdrHistogram is not on the class path. Values below 128 have a
 * bucket each; above, every power of two is split into 64 buckets, so a reported percentile is
 * within 1/128 (0.8 %) of the true value. Memory is fixed (3,776 longs, about 30 KiB) whatever
 * the number of values or their range. Not thread-safe: one instance per event loop connection.
 */
final class LatencyHistogram {

    private static final int SUB_BITS = 6;
    private static final int SUB = 1 << SUB_BITS; // 64 buckets per power of two
    private static final int LINEAR = 2 * SUB; // values 0..127 exactly
    private static final int BUCKETS = LINEAR + (64 - SUB_BITS - 1) * SUB;

    private final long[] counts = new long[BUCKETS];
    private long total;

    /** Records one value; negative values (a clock anomaly) count as 0. */
    void record(long value) {
        counts[index(Math.max(0, value))]++;
        total++;
    }

    /** Returns how many values were recorded. */
    long count() {
        return total;
    }

    /** Adds every value of {@code other} to this histogram. */
    void add(LatencyHistogram other) {
        for (int i = 0; i < BUCKETS; i++) {
            counts[i] += other.counts[i];
        }
        total += other.total;
    }

    /**
     * Returns the value at quantile {@code q} (0 &lt; q ≤ 1): the middle of the bucket holding the
     * value of rank ⌈q·count⌉; 0 when empty.
     */
    long quantile(double q) {
        if (total == 0) {
            return 0;
        }
        long rank = Math.max(1, (long) Math.ceil(q * total));
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return middle(i);
            }
        }
        return middle(BUCKETS - 1);
    }

    /** Returns the bucket of {@code value} (≥ 0). */
    static int index(long value) {
        if (value < LINEAR) {
            return (int) value;
        }
        int msb = 63 - Long.numberOfLeadingZeros(value); // >= 7
        int shift = msb - SUB_BITS; // >= 1; keeps the top 7 bits, i.e. 64..127
        int top = (int) (value >>> shift);
        return LINEAR + (shift - 1) * SUB + (top - SUB);
    }

    /** Returns the middle of bucket {@code index}, the value reported for anything in it. */
    static long middle(int index) {
        if (index < LINEAR) {
            return index;
        }
        int shift = (index - LINEAR) / SUB + 1;
        long top = (index - LINEAR) % SUB + SUB;
        return (top << shift) + (1L << (shift - 1));
    }
}
