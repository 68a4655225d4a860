package io.veloce;

import java.nio.file.Files;
import java.nio.file.Path;
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
 * where the platform has it, plain HTTP (see {@link #tls(Path, Path)} for HTTPS).
 */
public final class ServerConfig {

    private static final ServerConfig DEFAULTS = new ServerConfig("127.0.0.1", 8000, Duration.ofSeconds(10), 0, true, null);

    private final String host;
    private final int port;
    private final Duration shutdownTimeout;
    private final int ioThreads;
    private final boolean nativeTransport;
    private final Tls tls;

    private ServerConfig(String host, int port, Duration shutdownTimeout, int ioThreads, boolean nativeTransport, Tls tls) {
        this.host = host;
        this.port = port;
        this.shutdownTimeout = shutdownTimeout;
        this.ioThreads = ioThreads;
        this.nativeTransport = nativeTransport;
        this.tls = tls;
    }

    /**
     * Returns the defaults listed in the class description.
     *
     * @return the shared default instance (immutable, so safe to share)
     */
    public static ServerConfig defaults() {
        return DEFAULTS;
    }

    /**
     * Returns the address to bind.
     *
     * @return the host name or IP address as given; {@code 127.0.0.1} by default
     */
    public String host() {
        return host;
    }

    /**
     * Returns a copy binding {@code host} ({@code 0.0.0.0} for every interface).
     *
     * @param host a host name or IP address of this machine; not checked until the server starts,
     *     which then fails if it cannot bind it; not {@code null} ({@link NullPointerException})
     * @return a copy with this setting changed; this instance is unchanged
     */
    public ServerConfig host(String host) {
        return new ServerConfig(Objects.requireNonNull(host, "host"), port, shutdownTimeout, ioThreads, nativeTransport, tls);
    }

    /**
     * Returns the port to bind; 0 means an ephemeral port (see {@link Server#port()}).
     *
     * @return the configured port, 0–65535; 8000 by default
     */
    public int port() {
        return port;
    }

    /**
     * Returns a copy binding {@code port}.
     *
     * @param port 0–65535; 0 lets the system choose a free port, which {@link Server#port()}
     *     reports
     * @return a copy with this setting changed; this instance is unchanged
     * @throws IllegalArgumentException outside 0–65535
     */
    public ServerConfig port(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0-65535, got " + port);
        }
        return new ServerConfig(host, port, shutdownTimeout, ioThreads, nativeTransport, tls);
    }

    /**
     * Returns how long {@link Server#close()} waits for in-flight requests.
     *
     * @return the shutdown deadline; 10 seconds by default
     */
    public Duration shutdownTimeout() {
        return shutdownTimeout;
    }

    /**
     * Returns a copy with how long {@link Server#close()} lets in-flight requests finish before
     * closing their connections.
     *
     * @param timeout zero or more; zero closes the connections at once; not {@code null}
     *     ({@link NullPointerException})
     * @return a copy with this setting changed; this instance is unchanged
     * @throws IllegalArgumentException when negative
     */
    public ServerConfig shutdownTimeout(Duration timeout) {
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("shutdownTimeout must not be negative");
        }
        return new ServerConfig(host, port, timeout, ioThreads, nativeTransport, tls);
    }

    /**
     * Returns the number of I/O (event loop) threads; 0 means one per available core.
     *
     * @return the configured thread count, 0 (the default) for one per core
     */
    public int ioThreads() {
        return ioThreads;
    }

    /**
     * Returns a copy with {@code threads} I/O threads (0: one per available core). Handlers never
     * run on these threads.
     *
     * @param threads zero or more; 0 means one per available core
     * @return a copy with this setting changed; this instance is unchanged
     * @throws IllegalArgumentException when negative
     */
    public ServerConfig ioThreads(int threads) {
        if (threads < 0) {
            throw new IllegalArgumentException("ioThreads must not be negative");
        }
        return new ServerConfig(host, port, shutdownTimeout, threads, nativeTransport, tls);
    }

    /**
     * Returns whether the native epoll transport is used where available.
     *
     * @return {@code true} (the default) to use epoll where the platform has it
     */
    public boolean nativeTransport() {
        return nativeTransport;
    }

    /**
     * Returns a copy that uses (default) or avoids the native epoll transport; NIO is the fallback.
     *
     * @param enabled {@code true} to use epoll where available, {@code false} to always use NIO
     * @return a copy with this setting changed; this instance is unchanged
     */
    public ServerConfig nativeTransport(boolean enabled) {
        return new ServerConfig(host, port, shutdownTimeout, ioThreads, enabled, tls);
    }

    /**
     * Returns a copy that serves HTTPS (and {@code wss://}) with the certificate chain and the
     * unencrypted private key in these PEM files; see {@link #tls(Path, Path, String)}.
     *
     * @param certificateChainPem the server's certificate first, then the intermediates; not
     *     {@code null} ({@link NullPointerException})
     * @param privateKeyPem its unencrypted PKCS#8 private key ({@code -----BEGIN PRIVATE KEY-----});
     *     not {@code null} ({@link NullPointerException})
     * @return a copy that serves HTTPS; this instance is unchanged
     * @throws IllegalArgumentException when a file does not exist or cannot be read
     */
    public ServerConfig tls(Path certificateChainPem, Path privateKeyPem) {
        return tls(certificateChainPem, privateKeyPem, null);
    }

    /**
     * Returns a copy that serves HTTPS (and {@code wss://}) instead of plain HTTP, with TLS 1.3
     * and 1.2 only. Requests then report {@code secure()} and {@code https://} URLs, and
     * {@code SecurityHeadersMiddleware} sends HSTS. HTTP/1.1 only: no ALPN, no HTTP/2.
     *
     * <p>The files are read when the server starts (restart to use a renewed certificate); a
     * file the server cannot use makes {@link Veloce#start(ServerConfig)} fail, before any
     * startup hook runs, with a message naming the file.
     *
     * @param certificateChainPem the server's certificate first, then the intermediates
     *     ({@code -----BEGIN CERTIFICATE-----} blocks, as Let's Encrypt's {@code fullchain.pem})
     * @param privateKeyPem its private key in PKCS#8 ({@code -----BEGIN PRIVATE KEY-----}, or
     *     {@code -----BEGIN ENCRYPTED PRIVATE KEY-----} with {@code keyPassword}); convert an
     *     {@code RSA PRIVATE KEY} or {@code EC PRIVATE KEY} file with
     *     {@code openssl pkcs8 -topk8 -nocrypt -in key.pem -out key-pkcs8.pem}
     * @param keyPassword the password of an encrypted key, or {@code null}
     * @return a copy that serves HTTPS; this instance is unchanged
     * @throws IllegalArgumentException when a file does not exist or cannot be read
     */
    public ServerConfig tls(Path certificateChainPem, Path privateKeyPem, String keyPassword) {
        Tls files = new Tls(readable(certificateChainPem, "certificate chain"), readable(privateKeyPem, "private key"),
                keyPassword);
        return new ServerConfig(host, port, shutdownTimeout, ioThreads, nativeTransport, files);
    }

    private static Path readable(Path file, String what) {
        Objects.requireNonNull(file, what);
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new IllegalArgumentException("TLS " + what + " file " + file.toAbsolutePath()
                    + (Files.exists(file) ? " is not a readable file" : " does not exist"));
        }
        return file;
    }

    /**
     * Returns the TLS files, or {@code null} when the server speaks plain HTTP (the default).
     *
     * @return the files set by {@link #tls(Path, Path, String)}, or {@code null} for plain HTTP
     */
    public Tls tls() {
        return tls;
    }

    /**
     * The PEM files the server presents for HTTPS; see {@link ServerConfig#tls(Path, Path, String)}.
     *
     * @param certificateChain the certificate chain file
     * @param privateKey the PKCS#8 private key file
     * @param keyPassword the key's password, or {@code null} for an unencrypted key (never printed)
     */
    public record Tls(Path certificateChain, Path privateKey, String keyPassword) {

        @Override
        public String toString() {
            return "Tls[certificateChain=" + certificateChain + ", privateKey=" + privateKey
                    + (keyPassword == null ? "" : ", keyPassword=***") + "]";
        }
    }

    @Override
    public String toString() {
        return "ServerConfig[host=" + host + ", port=" + port + ", shutdownTimeout=" + shutdownTimeout
                + ", ioThreads=" + ioThreads + ", nativeTransport=" + nativeTransport
                + (tls == null ? "" : ", tls=" + tls) + "]";
    }
}
