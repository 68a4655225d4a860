package io.veloce.middleware.security;

import io.veloce.http.Connection;
import io.veloce.http.Headers;
import io.veloce.http.HttpException;
import io.veloce.http.TrustedProxies;
import io.veloce.middleware.Guard;
import io.veloce.middleware.LogText;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Limits how often each client may call the app: a token bucket per client key allowing
 * {@code requests} per {@code period} (and bursts of that size). Over the limit, an HTTP request
 * gets 429 Too Many Requests with {@code Retry-After} (whole seconds), and a WebSocket handshake
 * is refused with that same 429 — a socket flood is a request flood. Each refusal is logged once.
 * Immutable: the setters return copies.
 *
 * <pre>{@code
 * app.addMiddleware(new RateLimitMiddleware(100, Duration.ofMinutes(1)));
 * }</pre>
 *
 * <p>The key is the client address by default (for IPv6, its /64 prefix). Behind a proxy every request comes from the
 * proxy: give a key function that reads the trusted forwarded address, or a user ID. Buckets live
 * in an {@link InMemoryRateLimitStore} unless another {@link RateLimitStore} is given.
 */
public final class RateLimitMiddleware implements Guard {

    private static final Logger log = LoggerFactory.getLogger(RateLimitMiddleware.class);

    private final int requests;
    private final long periodNanos;
    private final Function<Connection, String> key;
    private final RateLimitStore store;
    /** Keeps this limiter's buckets apart from other limiters' in a shared store. */
    private final String namespace;

    /**
     * Allows each client address {@code requests} per {@code period}.
     *
     * @param requests the requests allowed per period, also the largest burst
     * @param period the period
     * @throws IllegalArgumentException when either is not positive
     */
    public RateLimitMiddleware(int requests, Duration period) {
        this(requests, period, conn -> clientKey(conn.client().host()), new InMemoryRateLimitStore());
    }

    private RateLimitMiddleware(int requests, Duration period, Function<Connection, String> key, RateLimitStore store) {
        if (requests <= 0 || period.isZero() || period.isNegative()) {
            throw new IllegalArgumentException("a rate limit needs positive requests and period, got " + requests
                    + " per " + period);
        }
        this.requests = requests;
        this.periodNanos = period.toNanos();
        this.key = Objects.requireNonNull(key, "key");
        this.store = Objects.requireNonNull(store, "store");
        this.namespace = requests + "/" + periodNanos + "|";
    }

    /**
     * The default key: the client's IPv4 address, or the /64 prefix of its IPv6 address (one
     * subscriber usually holds a whole /64, so rotating within it must not buy new buckets).
     */
    static String clientKey(String address) {
        if (address.indexOf(':') < 0 || !TrustedProxies.isIpLiteral(address)) {
            return address; // IPv4, or not an address at all: never a name lookup
        }
        String[] groups = address.split(":", -1);
        if (groups.length < 4 || address.contains("::")) {
            try {
                byte[] bytes = java.net.InetAddress.getByName("[" + address + "]").getAddress();
                StringBuilder prefix = new StringBuilder();
                for (int i = 0; i < 8 && i < bytes.length; i += 2) {
                    prefix.append(Integer.toHexString(((bytes[i] & 0xFF) << 8) | (bytes[i + 1] & 0xFF))).append(':');
                }
                return prefix + ":/64";
            } catch (java.net.UnknownHostException notAnAddress) {
                return address;
            }
        }
        return groups[0] + ":" + groups[1] + ":" + groups[2] + ":" + groups[3] + "::/64";
    }

    /**
     * Returns a copy that limits by {@code key} instead of the client address.
     *
     * @param key computes the bucket's key from the request or handshake
     * @return the new middleware
     */
    public RateLimitMiddleware keyBy(Function<Connection, String> key) {
        return new RateLimitMiddleware(requests, Duration.ofNanos(periodNanos), key, store);
    }

    /**
     * Returns a copy that keeps its buckets in {@code store}.
     *
     * @param store where buckets live
     * @return the new middleware
     */
    public RateLimitMiddleware store(RateLimitStore store) {
        return new RateLimitMiddleware(requests, Duration.ofNanos(periodNanos), key, store);
    }

    /**
     * Takes a token from {@code connection}'s bucket.
     *
     * @throws HttpException 429 with {@code Retry-After} when the bucket is empty
     */
    @Override
    public void check(Connection connection) {
        String client = key.apply(connection);
        long wait = store.tryAcquire(namespace + (client == null ? "" : client), requests, periodNanos);
        if (wait > 0) {
            long seconds = Math.max(1, (wait + 999_999_999L) / 1_000_000_000L);
            log.warn("rate limit exceeded by {} ({} {}): retry in {} s", client, connection.method(),
                    LogText.of(connection.path()), seconds);
            throw new HttpException(429, "rate limit exceeded: retry in " + seconds + " s",
                    Headers.of("Retry-After", Long.toString(seconds)));
        }
    }
}
