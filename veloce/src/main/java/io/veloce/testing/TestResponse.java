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

    /** Returns the status code. */
    public int status() {
        return status;
    }

    /** Returns the response headers. */
    public Headers headers() {
        return headers;
    }

    /** Returns the first value of header {@code name}, or {@code null}. */
    public String header(String name) {
        return headers.get(name);
    }

    /** Returns the body bytes (empty for a {@code HEAD} request or an empty body). */
    public byte[] bytes() {
        return body.clone();
    }

    /** Returns the body decoded as UTF-8. */
    public String text() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /**
     * Parses the body as JSON into {@code type} with the app's mapper.
     *
     * @throws JsonCodec.DecodeException when the body is not JSON of that shape
     */
    public <T> T json(Class<T> type) {
        return json.read(body, type);
    }

    /**
     * Parses the body as a JSON tree.
     *
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
