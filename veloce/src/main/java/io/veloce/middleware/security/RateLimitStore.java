package io.veloce.middleware.security;

/**
 * Where {@link RateLimitMiddleware} keeps its token buckets. The in-memory
 * {@link InMemoryRateLimitStore} serves one node; a shared store (Redis) makes limits hold
 * across nodes. Implementations must be thread-safe.
 */
public interface RateLimitStore {

    /**
     * Takes one token from {@code key}'s bucket, which holds at most {@code capacity} tokens and
     * refills at {@code capacity} tokens per {@code periodNanos}.
     *
     * @param key who is limited (for example a client address)
     * @param capacity the bucket's size: the burst allowed
     * @param periodNanos how long a whole bucket takes to refill
     * @return 0 when a token was taken; otherwise how many nanoseconds until one is available
     */
    long tryAcquire(String key, int capacity, long periodNanos);
}
