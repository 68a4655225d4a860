package io.veloce;

import java.net.URI;

/**
 * A running embedded server, returned by {@link Veloce#start(ServerConfig)}. Closing it shuts
 * down gracefully: it stops accepting, lets in-flight requests finish until the configured
 * deadline, closes every connection, then runs the app's shutdown hooks.
 */
public interface Server extends AutoCloseable {

    /**
     * Returns the bound port (the real one when the configured port was 0).
     *
     * @return the port the server listens on, 1–65535
     */
    int port();

    /**
     * Returns the bound host as configured.
     *
     * @return {@link ServerConfig#host()} as given, not resolved (for example {@code 0.0.0.0})
     */
    String host();

    /**
     * Returns whether the server speaks HTTPS
     * ({@link ServerConfig#tls(java.nio.file.Path, java.nio.file.Path)}); false by default.
     *
     * @return {@code true} when it serves HTTPS; this default implementation returns {@code false}
     */
    default boolean secure() {
        return false;
    }

    /**
     * Returns the base URL, e.g. {@code http://127.0.0.1:8000}, or {@code https://...} when
     * {@link #secure()}.
     *
     * @return scheme, host and bound port with no path; an IPv6 host is put in brackets
     */
    default URI url() {
        String host = host().indexOf(':') >= 0 ? "[" + host() + "]" : host();
        return URI.create((secure() ? "https://" : "http://") + host + ":" + port());
    }

    /** Shuts down gracefully (see the class description) and waits for it; idempotent. */
    @Override
    void close();

    /**
     * Blocks until the server has been closed (by {@link #close()} or a JVM shutdown hook).
     *
     * @throws InterruptedException when the waiting thread is interrupted; the server keeps
     *     running
     */
    void awaitClose() throws InterruptedException;
}
