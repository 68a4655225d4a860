package io.veloce.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;
import io.veloce.middleware.security.RateLimitStore;
import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link RateLimitStore} in Redis, so that {@code RateLimitMiddleware}'s limits hold across
 * every node of an app rather than per node. Give each node one, on the same Redis:
 *
 * <pre>{@code
 * RedisRateLimitStore buckets = RedisRateLimitStore.create("redis://127.0.0.1:6379");
 * app.addMiddleware(new RateLimitMiddleware(100, Duration.ofMinutes(1)).store(buckets));
 * app.onShutdown(buckets::close);
 * }</pre>
 *
 * <ul>
 * <li><b>Buckets.</b> The same token buckets as {@code InMemoryRateLimitStore}, each a Redis hash
 *     under {@code veloce:ratelimit:} and the middleware's key, updated atomically by a Lua script
 *     on Redis's clock. A bucket expires when it would be full again, so Redis holds only the
 *     clients seen within one period. One round trip per request.</li>
 * <li><b>Outage: fail open.</b> While Redis is unreachable, or does not answer within the
 *     {@linkplain Builder#timeout timeout}, requests are let through unlimited, because an outage
 *     of the limiter must not take the site down with it; commands are refused at once while
 *     disconnected, so requests are not slowed either. It is logged twice: one WARN when a check
 *     first fails, one INFO when one works again. Limits hold again as soon as Redis is back.</li>
 * </ul>
 *
 * <p>Thread-safe; one connection, shared by all requests. Redis Standalone or Sentinel URIs;
 * Redis 5 or newer.
 */
public final class RedisRateLimitStore implements RateLimitStore, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RedisRateLimitStore.class);

    private final String keyPrefix;
    private final ClientResources resources;
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    private final Outage outage;
    private volatile boolean closed;

    private RedisRateLimitStore(Builder builder) {
        this.keyPrefix = builder.keyPrefix;
        String where = Lettuce.describe(builder.uri);
        this.resources = Lettuce.resources(builder.minReconnectDelay, builder.maxReconnectDelay);
        this.client = Lettuce.client(resources, builder.uri, builder.timeout);
        try {
            this.connection = client.connect(StringCodec.UTF8);
        } catch (RuntimeException failure) {
            Lettuce.shutdown(client, resources);
            throw new IllegalStateException("cannot keep rate limits in Redis: Redis at " + where + " is unreachable ("
                    + Lettuce.reason(failure) + "); is redis-server running there, and is the URI right?", failure);
        }
        this.outage = new Outage(log, "Redis at " + where + " is unreachable for rate limits: requests pass "
                + "unlimited (fail open) until it answers again", "Redis at " + where + " answers again, rate limits hold");
    }

    /**
     * Connects to the Redis at {@code redisUri} with the default settings (see {@link Builder}).
     *
     * @param redisUri for example {@code redis://127.0.0.1:6379} or {@code rediss://host:6380} for TLS
     * @return the store, connected
     * @throws IllegalArgumentException when {@code redisUri} is not a Redis URI
     * @throws IllegalStateException when Redis is unreachable now
     */
    public static RedisRateLimitStore create(String redisUri) {
        return builder(redisUri).build();
    }

    /**
     * Returns a builder for a store on the Redis at {@code redisUri}.
     *
     * @param redisUri as for {@link #create(String)}
     * @return the builder, with the defaults set
     * @throws IllegalArgumentException when {@code redisUri} is not a Redis URI
     */
    public static Builder builder(String redisUri) {
        return new Builder(Lettuce.parse(redisUri));
    }

    /**
     * Takes a token from {@code key}'s bucket in Redis; lets the request through (returns 0) when
     * Redis cannot answer — see the class description.
     *
     * @throws IllegalStateException after {@link #close()}
     */
    @Override
    public long tryAcquire(String key, int capacity, long periodNanos) {
        if (closed) {
            throw new IllegalStateException("the Redis rate limit store is closed");
        }
        long periodMicros = Math.max(1, (periodNanos + 999) / 1000);
        long waitMicros;
        try {
            waitMicros = TokenBucketScript.run(connection.sync(), keyPrefix + key, capacity, periodMicros);
        } catch (RuntimeException failure) { // Lettuce's: refused, timed out, cancelled by a disconnect
            outage.lost(this, Lettuce.reason(failure));
            return 0;
        }
        if (outage.down()) {
            outage.back(this, "");
        }
        return waitMicros <= 0 ? 0 : Math.min(waitMicros, Long.MAX_VALUE / 1000) * 1000;
    }

    /** Closes the connection and the threads the store created (waiting a few seconds at most). Idempotent. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            Lettuce.shutdown(client, resources);
        }
    }

    /**
     * Settings of a {@link RedisRateLimitStore}; every one has a default.
     */
    public static final class Builder {

        private final RedisURI uri;
        private String keyPrefix = "veloce:ratelimit:";
        private Duration timeout = Duration.ofSeconds(1);
        private Duration minReconnectDelay = Lettuce.MIN_RECONNECT_DELAY;
        private Duration maxReconnectDelay = Lettuce.MAX_RECONNECT_DELAY;

        private Builder(RedisURI uri) {
            this.uri = uri;
        }

        /**
         * Sets what is put before each bucket's key; {@code "veloce:ratelimit:"} by default. The
         * nodes of one app need the same prefix.
         *
         * @param prefix the prefix; may be empty
         * @return this builder
         */
        public Builder keyPrefix(String prefix) {
            this.keyPrefix = Objects.requireNonNull(prefix, "prefix");
            return this;
        }

        /**
         * Sets how long Redis has to connect and to answer a check; 1 s by default. A request
         * whose check gets no answer by then is let through.
         *
         * @param timeout the timeout
         * @return this builder
         * @throws IllegalArgumentException when not positive
         */
        public Builder timeout(Duration timeout) {
            this.timeout = Lettuce.checkTimeout(Objects.requireNonNull(timeout, "timeout"));
            return this;
        }

        /**
         * Sets the backoff between reconnect attempts after Redis is lost: {@code min} first, then
         * twice as long each time, up to {@code max}; 100 ms and 10 s by default.
         *
         * @param min the first delay
         * @param max the longest delay
         * @return this builder
         * @throws IllegalArgumentException unless {@code 0 < min <= max}
         */
        public Builder reconnectDelay(Duration min, Duration max) {
            Lettuce.checkBackoff(Objects.requireNonNull(min, "min"), Objects.requireNonNull(max, "max"));
            this.minReconnectDelay = min;
            this.maxReconnectDelay = max;
            return this;
        }

        /**
         * Connects and returns the store.
         *
         * @return the store
         * @throws IllegalStateException when Redis is unreachable now
         */
        public RedisRateLimitStore build() {
            return new RedisRateLimitStore(this);
        }
    }
}
