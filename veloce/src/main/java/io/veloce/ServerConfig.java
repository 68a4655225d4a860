package io.veloce;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the embedded Netty server. Immutable: each setter returns a copy.
 *
 * <pre>{@code
 * Server server = app.start(ServerConfig.defaults().port(0));   // ephemeral port, 127.0.0.1
 * }</pre>
 *
 * Defaults: host {@code 127.0.0.1} (not reachable from other machines until you say so), port
 * 8000, a 10 s graceful-shutdown deadline, one I/O thread per core, the native epoll transport
 * where the platform has it.
 */
public final class ServerConfig {

    private static final ServerConfig DEFAULTS = new ServerConfig("127.0.0.1", 8000, Duration.ofSeconds(10), 0, true);

    private final String host;
    private final int port;
    private final Duration shutdownTimeout;
    private final int ioThreads;
    private final boolean nativeTransport;

    private ServerConfig(String host, int port, Duration shutdownTimeout, int ioThreads, boolean nativeTransport) {
        this.host = host;
        this.port = port;
        this.shutdownTimeout = shutdownTimeout;
        this.ioThreads = ioThreads;
        this.nativeTransport = nativeTransport;
    }

    /** Returns the defaults listed in the class description. */
    public static ServerConfig defaults() {
        return DEFAULTS;
    }

    /** Returns the address to bind. */
    public String host() {
        return host;
    }

    /** Returns a copy binding {@code host} ({@code 0.0.0.0} for every interface). */
    public ServerConfig host(String host) {
        return new ServerConfig(Objects.requireNonNull(host, "host"), port, shutdownTimeout, ioThreads, nativeTransport);
    }

    /** Returns the port to bind; 0 means an ephemeral port (see {@link Server#port()}). */
    public int port() {
        return port;
    }

    /**
     * Returns a copy binding {@code port}.
     *
     * @throws IllegalArgumentException outside 0–65535
     */
    public ServerConfig port(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0-65535, got " + port);
        }
        return new ServerConfig(host, port, shutdownTimeout, ioThreads, nativeTransport);
    }

    /** Returns how long {@link Server#close()} waits for in-flight requests. */
    public Duration shutdownTimeout() {
        return shutdownTimeout;
    }

    /**
     * Returns a copy with how long {@link Server#close()} lets in-flight requests finish before
     * closing their connections.
     *
     * @throws IllegalArgumentException when negative
     */
    public ServerConfig shutdownTimeout(Duration timeout) {
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("shutdownTimeout must not be negative");
        }
        return new ServerConfig(host, port, timeout, ioThreads, nativeTransport);
    }

    /** Returns the number of I/O (event loop) threads; 0 means one per available core. */
    public int ioThreads() {
        return ioThreads;
    }

    /**
     * Returns a copy with {@code threads} I/O threads (0: one per available core). Handlers never
     * run on these threads.
     *
     * @throws IllegalArgumentException when negative
     */
    public ServerConfig ioThreads(int threads) {
        if (threads < 0) {
            throw new IllegalArgumentException("ioThreads must not be negative");
        }
        return new ServerConfig(host, port, shutdownTimeout, threads, nativeTransport);
    }

    /** Returns whether the native epoll transport is used where available. */
    public boolean nativeTransport() {
        return nativeTransport;
    }

    /** Returns a copy that uses (default) or avoids the native epoll transport; NIO is the fallback. */
    public ServerConfig nativeTransport(boolean enabled) {
        return new ServerConfig(host, port, shutdownTimeout, ioThreads, enabled);
    }

    @Override
    public String toString() {
        return "ServerConfig[host=" + host + ", port=" + port + ", shutdownTimeout=" + shutdownTimeout
                + ", ioThreads=" + ioThreads + ", nativeTransport=" + nativeTransport + "]";
    }
}
