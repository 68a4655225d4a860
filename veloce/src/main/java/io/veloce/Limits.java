package io.veloce;

import java.time.Duration;
import java.util.Objects;

/**
 * Every limit Veloce puts on what a client may send, with safe defaults. Immutable: each setter
 * returns a copy. Set on the app with {@code app.limits(Limits.defaults().maxBodySize(...))};
 * the Netty server and the test client enforce the same values.
 *
 * <table>
 * <caption>Limits and their answers</caption>
 * <tr><th>limit</th><th>default</th><th>when exceeded</th></tr>
 * <tr><td>{@link #maxRequestLineLength()}</td><td>8 KiB</td><td>414 URI Too Long, connection closed</td></tr>
 * <tr><td>{@link #maxHeaderSize()}</td><td>16 KiB (all header lines together)</td><td>431 Request Header Fields Too Large, closed</td></tr>
 * <tr><td>{@link #maxBodySize()}</td><td>10 MiB</td><td>413 Content Too Large, closed</td></tr>
 * <tr><td>{@link #requestReadTimeout()}</td><td>30 s from a request's first byte to its last</td><td>408 Request Timeout, closed</td></tr>
 * <tr><td>{@link #idleTimeout()}</td><td>60 s with no request on a keep-alive connection</td><td>connection closed</td></tr>
 * </table>
 */
public final class Limits {

    private static final Limits DEFAULTS = new Limits(8 * 1024, 16 * 1024, 10L * 1024 * 1024,
            Duration.ofSeconds(30), Duration.ofSeconds(60));

    private final int maxRequestLineLength;
    private final int maxHeaderSize;
    private final long maxBodySize;
    private final Duration requestReadTimeout;
    private final Duration idleTimeout;

    private Limits(int maxRequestLineLength, int maxHeaderSize, long maxBodySize, Duration requestReadTimeout,
            Duration idleTimeout) {
        this.maxRequestLineLength = maxRequestLineLength;
        this.maxHeaderSize = maxHeaderSize;
        this.maxBodySize = maxBodySize;
        this.requestReadTimeout = requestReadTimeout;
        this.idleTimeout = idleTimeout;
    }

    /**
     * Returns the defaults listed in the class description.
     *
     * @return the shared default instance (immutable, so safe to share)
     */
    public static Limits defaults() {
        return DEFAULTS;
    }

    /**
     * Returns the longest accepted request line (method, target and version), in bytes.
     *
     * @return the limit in bytes; 8 KiB (8192) by default
     */
    public int maxRequestLineLength() {
        return maxRequestLineLength;
    }

    /**
     * Returns a copy with the longest accepted request line, in bytes.
     *
     * @param bytes at least 1; a longer request line is answered 414 and its connection closed
     * @return a copy with this limit changed; this instance is unchanged
     * @throws IllegalArgumentException when not positive
     */
    public Limits maxRequestLineLength(int bytes) {
        return new Limits(positive("maxRequestLineLength", bytes), maxHeaderSize, maxBodySize, requestReadTimeout,
                idleTimeout);
    }

    /**
     * Returns the largest accepted header block (all header lines together), in bytes.
     *
     * @return the limit in bytes; 16 KiB (16384) by default
     */
    public int maxHeaderSize() {
        return maxHeaderSize;
    }

    /**
     * Returns a copy with the largest accepted header block, in bytes.
     *
     * @param bytes at least 1, for all header lines together; a larger block is answered 431 and
     *     its connection closed
     * @return a copy with this limit changed; this instance is unchanged
     * @throws IllegalArgumentException when not positive
     */
    public Limits maxHeaderSize(int bytes) {
        return new Limits(maxRequestLineLength, positive("maxHeaderSize", bytes), maxBodySize, requestReadTimeout,
                idleTimeout);
    }

    /**
     * Returns the largest accepted request body, in bytes.
     *
     * @return the limit in bytes; 10 MiB (10485760) by default
     */
    public long maxBodySize() {
        return maxBodySize;
    }

    /**
     * Returns a copy with the largest accepted request body, in bytes (just under 2 GiB, as a
     * body is held in one array).
     *
     * @param bytes 1 to {@code Integer.MAX_VALUE - 8} (2147483639); a larger body is answered
     *     413 and its connection closed
     * @return a copy with this limit changed; this instance is unchanged
     * @throws IllegalArgumentException when not positive or too large
     */
    public Limits maxBodySize(long bytes) {
        if (bytes <= 0 || bytes > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("maxBodySize must be between 1 and " + (Integer.MAX_VALUE - 8)
                    + ", got " + bytes);
        }
        return new Limits(maxRequestLineLength, maxHeaderSize, bytes, requestReadTimeout, idleTimeout);
    }

    /**
     * Returns how long a client may take to send one whole request once it has started.
     *
     * @return the timeout; 30 seconds by default
     */
    public Duration requestReadTimeout() {
        return requestReadTimeout;
    }

    /**
     * Returns a copy with how long a client may take to send one whole request (head and body)
     * once its first byte arrived; a client trickling bytes is answered 408 and closed after it.
     *
     * @param timeout a positive duration; not {@code null} ({@link NullPointerException})
     * @return a copy with this limit changed; this instance is unchanged
     * @throws IllegalArgumentException when not positive
     */
    public Limits requestReadTimeout(Duration timeout) {
        return new Limits(maxRequestLineLength, maxHeaderSize, maxBodySize, positive("requestReadTimeout", timeout),
                idleTimeout);
    }

    /**
     * Returns how long a keep-alive connection may stay without a request.
     *
     * @return the timeout; 60 seconds by default
     */
    public Duration idleTimeout() {
        return idleTimeout;
    }

    /**
     * Returns a copy with how long a keep-alive connection may stay open with no request in
     * progress before the server closes it.
     *
     * @param timeout a positive duration; not {@code null} ({@link NullPointerException})
     * @return a copy with this limit changed; this instance is unchanged
     * @throws IllegalArgumentException when not positive
     */
    public Limits idleTimeout(Duration timeout) {
        return new Limits(maxRequestLineLength, maxHeaderSize, maxBodySize, requestReadTimeout,
                positive("idleTimeout", timeout));
    }

    private static int positive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
        return value;
    }

    private static Duration positive(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
        return value;
    }

    @Override
    public String toString() {
        return "Limits[maxRequestLineLength=" + maxRequestLineLength + ", maxHeaderSize=" + maxHeaderSize
                + ", maxBodySize=" + maxBodySize + ", requestReadTimeout=" + requestReadTimeout + ", idleTimeout="
                + idleTimeout + "]";
    }
}
