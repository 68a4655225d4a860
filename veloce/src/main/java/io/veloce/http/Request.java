package io.veloce.http;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * An HTTP request as a handler sees it: the {@link Connection} data plus the method, the
 * protocol and the body. The body has been read in full (up to the app's body limit, 413
 * beyond) before the handler runs.
 */
public interface Request extends Connection {

    /**
     * Returns the protocol version as sent ({@code HTTP/1.1} or {@code HTTP/1.0}).
     *
     * @return the version text of the request line, never {@code null}
     */
    String protocol();

    /**
     * Returns the {@code Content-Type} header, or {@code null}.
     *
     * @return the first {@code Content-Type} value as sent, parameters included
     *     ({@code text/plain; charset=utf-8}), or {@code null} when absent
     */
    String contentType();

    /**
     * Returns the raw body (empty, never {@code null}). Do not modify the array.
     *
     * @return the body bytes as received, not a copy; an empty array when the request has none
     */
    byte[] body();

    /**
     * Returns the body as text, in the {@code charset} of {@code Content-Type} or UTF-8.
     *
     * @return the decoded body, empty when there is none; bytes the charset cannot decode become
     *     replacement characters
     * @throws HttpException 415 when {@code Content-Type} names a charset the JVM does not know
     */
    String text();

    /**
     * Parses the body as JSON into {@code type} with the app's {@code ObjectMapper} (records
     * included; unknown properties are ignored, missing creator properties are an error).
     *
     * @param <T> the type to bind to
     * @param type the class to bind the body to (a record, a bean, {@code Map}, ...)
     * @return the bound value, never {@code null} (a JSON {@code null} body is a 422)
     * @throws HttpException 400 when the body is not JSON, 422 when it does not bind to
     *     {@code type}; the detail says what was wrong
     */
    <T> T json(Class<T> type);

    /**
     * Parses the body as a JSON tree.
     *
     * @return the root node, never {@code null}; an empty body is a 400, a JSON {@code null} a
     *     {@code NullNode}
     * @throws HttpException 400 when the body is not JSON
     */
    JsonNode json();

    /**
     * Parses an {@code application/x-www-form-urlencoded} body.
     *
     * @return the fields, decoded in the body's charset (UTF-8 by default), parsed anew on each call
     * @throws HttpException 415 when the content type is another one, 400 when it is malformed
     */
    QueryParams form();
}
