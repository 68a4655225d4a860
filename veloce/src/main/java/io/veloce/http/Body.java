package io.veloce.http;

/**
 * The body of a {@link Response}: nothing, bytes, a value to serialise as JSON with the app's
 * {@code ObjectMapper}, or a stream written as it is produced.
 */
public sealed interface Body {

    /** The empty body. */
    Body EMPTY = new Empty();

    /** No body. */
    record Empty() implements Body {
    }

    /**
     * A body known in full.
     *
     * @param bytes the body; not copied, do not change it after handing it over
     */
    record Bytes(byte[] bytes) implements Body {
    }

    /**
     * A value serialised to JSON with the app's {@code ObjectMapper}: as soon as it leaves the
     * handler or a middleware, so middleware around it sees the {@link Bytes} that will be sent
     * (apps without middleware serialise it when sending).
     *
     * @param value any value Jackson can serialise, {@code null} included
     */
    record Json(Object value) implements Body {
    }

    /**
     * A body of unknown length, sent chunked (or close-delimited to HTTP/1.0 clients).
     *
     * @param writer produces the bytes
     */
    record Stream(BodyWriter writer) implements Body {
    }
}
