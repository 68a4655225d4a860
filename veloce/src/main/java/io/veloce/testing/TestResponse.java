package io.veloce.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.veloce.http.Headers;
import io.veloce.http.JsonCodec;
import java.nio.charset.StandardCharsets;

/** A response received by the {@link TestClient}: status, headers and the whole body. */
public final class TestResponse {

    private final int status;
    private final Headers headers;
    private final byte[] body;
    private final JsonCodec json;

    TestResponse(int status, Headers headers, byte[] body, JsonCodec json) {
        this.status = status;
        this.headers = headers;
        this.body = body;
        this.json = json;
    }

    /**
     * Returns the status code.
     *
     * @return the HTTP status, e.g. 200; 413, 414 or 431 for a request the client refused itself
     *     because it is over the app's {@code Limits}
     */
    public int status() {
        return status;
    }

    /**
     * Returns the response headers.
     *
     * @return the headers the app sent, plus {@code Content-Length} where the server would add
     *     it (not {@code Date}); this response's own instance, not a copy
     */
    public Headers headers() {
        return headers;
    }

    /**
     * Returns the first value of header {@code name}, or {@code null}.
     *
     * @param name the header name, case-insensitive
     * @return the first value, or {@code null} when the response has no such header
     */
    public String header(String name) {
        return headers.get(name);
    }

    /**
     * Returns the body bytes (empty for a {@code HEAD} request or an empty body).
     *
     * @return a copy of the body, a new array on every call; never {@code null}
     */
    public byte[] bytes() {
        return body.clone();
    }

    /**
     * Returns the body decoded as UTF-8.
     *
     * @return the body as text whatever the {@code Content-Type} says (malformed bytes become
     *     U+FFFD); empty for an empty body
     */
    public String text() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /**
     * Parses the body as JSON into {@code type} with the app's mapper.
     *
     * @param <T> the type to bind to
     * @param type the class to bind the body to
     * @return the bound value, never {@code null} (a JSON {@code null} body fails)
     * @throws JsonCodec.DecodeException when the body is not JSON of that shape
     */
    public <T> T json(Class<T> type) {
        return json.read(body, type);
    }

    /**
     * Parses the body as a JSON tree.
     *
     * @return the tree, never {@code null} (a JSON {@code null} is a {@code NullNode})
     * @throws JsonCodec.DecodeException when the body is not JSON
     */
    public JsonNode json() {
        return json.readTree(body);
    }

    @Override
    public String toString() {
        return "TestResponse[" + status + ", " + headers + ", " + body.length + " bytes]";
    }
}
