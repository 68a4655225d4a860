package io.veloce.middleware.security;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Token buckets in this process's memory, bounded: at most {@code maxKeys} buckets (default
 * 100,000, about 10 MB). A bucket left alone long enough to refill completely is forgotten (a
 * full bucket and no bucket mean the same). When the table is full of live buckets, a new key is
 * let through untracked rather than refused — an attacker with many addresses must not lock
 * everybody else out — and a warning is logged once.
 */
public final class InMemoryRateLimitStore implements RateLimitStore {

    private static final Logger log = LoggerFactory.getLogger(InMemoryRateLimitStore.class);

    private final int maxKeys;
    private final LongSupplier clock;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final AtomicBoolean warnedFull = new AtomicBoolean();
    /** When the next sweep may run: a full table is swept at most once a second, not per request. */
    private final java.util.concurrent.atomic.AtomicLong nextSweep = new java.util.concurrent.atomic.AtomicLong();

    /** One key's bucket: tokens and when they were last refilled. */
    private static final class Bucket {
        double tokens;
        long refilledAt;

        Bucket(double tokens, long refilledAt) {
            this.tokens = tokens;
            this.refilledAt = refilledAt;
        }
    }

    /** Creates a store for at most 100,000 keys. */
    public InMemoryRateLimitStore() {
        this(100_000, System::nanoTime);
    }

    /**
     * Creates a store for at most {@code maxKeys} keys.
     *
     * @param maxKeys the most buckets kept at once
     * @throws IllegalArgumentException when not positive
     */
    public InMemoryRateLimitStore(int maxKeys) {
        this(maxKeys, System::nanoTime);
    }

    InMemoryRateLimitStore(int maxKeys, LongSupplier clock) {
        if (maxKeys <= 0) {
            throw new IllegalArgumentException("maxKeys must be positive, got " + maxKeys);
        }
        this.maxKeys = maxKeys;
        this.clock = clock;
    }

    @Override
    public long tryAcquire(String key, int capacity, long periodNanos) {
        long now = clock.getAsLong();
        Bucket bucket = buckets.get(key);
        if (bucket == null) {
            if (buckets.size() >= maxKeys) {
                long sweepAt = nextSweep.get();
                if (now - sweepAt >= 0 && nextSweep.compareAndSet(sweepAt, now + 1_000_000_000L)) {
                    forgetRefilled(now, periodNanos);
                }
                if (buckets.size() >= maxKeys) {
                    if (warnedFull.compareAndSet(false, true)) {
                        log.warn("rate limit store full ({} keys): new clients pass untracked until buckets refill",
                                maxKeys);
                    }
                    return 0;
                }
            }
            bucket = buckets.computeIfAbsent(key, k -> new Bucket(capacity, now));
        }
        synchronized (bucket) {
            double perNano = (double) capacity / periodNanos;
            bucket.tokens = Math.min(capacity, bucket.tokens + (now - bucket.refilledAt) * perNano);
            bucket.refilledAt = now;
            if (bucket.tokens >= 1) {
                bucket.tokens -= 1;
                return 0;
            }
            return (long) Math.ceil((1 - bucket.tokens) / perNano);
        }
    }

    /** Drops the buckets that have had time to refill completely: forgetting them changes nothing. */
    private void forgetRefilled(long now, long periodNanos) {
        buckets.entrySet().removeIf(entry -> {
            synchronized (entry.getValue()) {
                return now - entry.getValue().refilledAt >= periodNanos;
            }
        });
        if (buckets.size() < maxKeys) {
            warnedFull.set(false);
        }
    }

    /** Returns how many buckets are kept now. */
    int size() {
        return buckets.size();
    }
}
