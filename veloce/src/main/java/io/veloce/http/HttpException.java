package io.veloce.http;

/**
 * Ends a request with an HTTP error: thrown from a handler, a middleware or a dependency, it
 * becomes a response with {@link #status()}, the JSON body {@code {"detail": ...}} and the extra
 * {@link #headers()}. Thrown while a WebSocket handshake is being decided, it refuses the
 * handshake with that status.
 */
public class HttpException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The HTTP status the exception becomes. */
    private final int status;
    private final transient Headers headers;

    /**
     * Creates an exception whose detail is the status's standard reason phrase.
     *
     * @param status an HTTP error status, 400–599; the detail is {@code "Unknown Status"} for one
     *     {@link StatusText} does not name
     * @throws IllegalArgumentException when {@code status} is not in 400–599
     */
    public HttpException(int status) {
        this(status, StatusText.reason(status));
    }

    /**
     * Creates an exception with a detail message sent to the client.
     *
     * @param status an HTTP error status, 400–599
     * @param detail the text sent as {@code {"detail": detail}}; say what was wrong, never secrets
     * @throws IllegalArgumentException when {@code status} is not in 400–599
     */
    public HttpException(int status, String detail) {
        this(status, detail, new Headers());
    }

    /**
     * Creates an exception that also sets response headers (for example {@code WWW-Authenticate}
     * or {@code Retry-After}).
     *
     * @param status an HTTP error status, 400–599
     * @param detail the text sent as {@code {"detail": detail}}; say what was wrong, never secrets
     * @param headers added to the error response; kept by reference, not copied
     * @throws IllegalArgumentException when {@code status} is not in 400–599
     * @throws NullPointerException when {@code headers} is {@code null}
     */
    public HttpException(int status, String detail, Headers headers) {
        super(detail, null, false, false);
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("HttpException status must be 400-599, got " + status);
        }
        this.status = status;
        this.headers = java.util.Objects.requireNonNull(headers, "headers");
    }

    /**
     * Returns the HTTP status.
     *
     * @return the status the response gets, 400–599
     */
    public int status() {
        return status;
    }

    /**
     * Returns the detail sent to the client.
     *
     * @return the detail given to the constructor (the reason phrase when none was), which is
     *     also the exception's message
     */
    public String detail() {
        return getMessage();
    }

    /**
     * Returns the headers added to the error response (mutable; empty by default).
     *
     * @return the exception's own headers, not a copy: what is added to them is sent
     */
    public Headers headers() {
        return headers;
    }
}
