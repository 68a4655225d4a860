package io.veloce;

import io.veloce.http.Response;
import java.util.Map;

/** The conversions every part of the pipeline shares: handler values and errors to responses. */
final class Responses {

    private Responses() {
    }

    /** Converts a handler's return value as {@link Response} documents. */
    static Response from(Object value) {
        if (value instanceof Response response) {
            return response;
        } else if (value instanceof String text) {
            return Response.text(text);
        } else if (value instanceof byte[] bytes) {
            return Response.bytes(bytes);
        } else if (value == null) {
            return Response.empty(204);
        }
        return Response.json(value);
    }

    /** The error body every Veloce error uses: {@code {"detail": "..."}}. */
    static Response error(int status, String detail) {
        return Response.json(Map.of("detail", detail)).status(status);
    }
}
