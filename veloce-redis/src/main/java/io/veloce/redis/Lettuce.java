package io.veloce.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The Lettuce set-up both Redis classes share: a client with its own threads, reconnecting with
 * exponential backoff, that refuses commands while disconnected instead of queueing them — a
 * publish or a rate-limit check must fail at once during an outage, not wait for Redis or be
 * replayed minutes later.
 */
final class Lettuce {

    /** The default reconnect backoff: 100 ms, 200 ms, 400 ms … up to 10 s between attempts. */
    static final Duration MIN_RECONNECT_DELAY = Duration.ofMillis(100);
    static final Duration MAX_RECONNECT_DELAY = Duration.ofSeconds(10);

    private Lettuce() {
    }

    /**
     * Parses {@code redisUri}.
     *
     * @throws IllegalArgumentException when it is not a Redis URI; the message does not repeat it,
     *     since it may hold a password
     */
    static RedisURI parse(String redisUri) {
        Objects.requireNonNull(redisUri, "redisUri");
        try {
            return RedisURI.create(redisUri);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a Redis URI: expected redis://host:port, rediss://host:port or "
                    + "redis-sentinel://host:port#master (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** Describes where Redis is for log lines and errors, without credentials. */
    static String describe(RedisURI uri) {
        if (uri.getSocket() != null) {
            return uri.getSocket();
        }
        if (uri.getHost() != null) {
            return uri.getHost() + ":" + uri.getPort();
        }
        return "master " + uri.getSentinelMasterId() + " via sentinels " + uri.getSentinels().stream()
                .map(sentinel -> sentinel.getHost() + ":" + sentinel.getPort()).collect(Collectors.joining(","));
    }

    /** Describes a duration for log lines: "10 s", "250 ms". */
    static String describe(Duration duration) {
        long millis = duration.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
    }

    /** Checks a reconnect backoff's bounds. */
    static void checkBackoff(Duration min, Duration max) {
        if (min.isNegative() || min.isZero() || max.compareTo(min) < 0) {
            throw new IllegalArgumentException("the reconnect delay needs 0 < min <= max, got " + min + " and " + max);
        }
    }

    /** Checks a command timeout. */
    static Duration checkTimeout(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("the timeout must be positive, got " + timeout);
        }
        return timeout;
    }

    /** Creates the threads and timers of one client; whoever creates them shuts them down. */
    static ClientResources resources(Duration minReconnectDelay, Duration maxReconnectDelay) {
        return DefaultClientResources.builder().reconnectDelay(new Backoff(minReconnectDelay, maxReconnectDelay)).build();
    }

    /** Creates a client for {@code uri}: commands time out after {@code timeout}, and fail fast while disconnected. */
    static RedisClient client(ClientResources resources, RedisURI uri, Duration timeout) {
        uri.setTimeout(timeout); // what synchronous calls wait, too (each builder parsed its own URI)
        RedisClient client = RedisClient.create(resources, uri);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.builder().fixedTimeout(timeout).build())
                .socketOptions(SocketOptions.builder().connectTimeout(timeout).keepAlive(true).build())
                .build());
        return client;
    }

    /** Closes the client's connections, then its threads; waits a few seconds at most. */
    static void shutdown(RedisClient client, ClientResources resources) {
        try {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        } finally {
            resources.shutdown(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
        }
    }

    /** Returns the innermost message of {@code failure}: "Connection refused" rather than three wrappers. */
    static String reason(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String message = cause.getMessage();
        return message == null || message.isBlank() ? cause.getClass().getSimpleName() : message;
    }

    /**
     * Waits {@code min}, then twice as long after each failed attempt, up to {@code max}: quick
     * to notice a short blip, and no storm of connection attempts against a Redis that stays down.
     */
    static final class Backoff extends Delay {

        private final Duration min;
        private final Duration max;

        Backoff(Duration min, Duration max) {
            checkBackoff(min, max);
            this.min = min;
            this.max = max;
        }

        @Override
        public Duration createDelay(long attempt) {
            long doublings = Math.max(0, Math.min(attempt - 1, 62));
            long nanos = min.toNanos();
            for (long i = 0; i < doublings && nanos < max.toNanos(); i++) {
                nanos *= 2;
            }
            return nanos >= max.toNanos() ? max : Duration.ofNanos(nanos);
        }
    }
}
