package io.veloce.http;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * An HTTP request as a handler sees it: the {@link Connection} data plus the method, the
 * protocol and the body. The body has been read in full (up to the app's body limit, 413
 * beyond) before the handler runs.
 */
public interface Request extends Connection {

    /** Returns the protocol version as sent ({@code HTTP/1.1} or {@code HTTP/1.0}). */
    String protocol();

    /** Returns the {@code Content-Type} header, or {@code null}. */
    String contentType();

    /** Returns the raw body (empty, never {@code null}). Do not modify the array. */
    byte[] body();

    /** Returns the body as text, in the {@code charset} of {@code Content-Type} or UTF-8. */
    String text();

    /**
     * Parses the body as JSON into {@code type} with the app's {@code ObjectMapper} (records
     * included; unknown properties are ignored, missing creator properties are an error).
     *
     * @throws HttpException 400 when the body is not JSON, 422 when it does not bind to
     *     {@code type}; the detail says what was wrong
     */
    <T> T json(Class<T> type);

    /**
     * Parses the body as a JSON tree.
     *
     * @throws HttpException 400 when the body is not JSON
     */
    JsonNode json();

    /**
     * Parses an {@code application/x-www-form-urlencoded} body.
     *
     * @throws HttpException 415 when the content type is another one, 400 when it is malformed
     */
    QueryParams form();
}
