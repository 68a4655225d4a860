package io.veloce.http;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;

/**
 * How the app reads and writes JSON (bodies, JSON responses and, later, JSON messages): a thin
 * wrapper around a Jackson {@link ObjectMapper} that turns Jackson's failures into messages a
 * client can act on. Thread-safe.
 */
public final class JsonCodec {

    private final ObjectMapper mapper;

    /**
     * Creates a codec around {@code mapper} (configure it fully before handing it over).
     *
     * @param mapper the mapper used for every read and write, shared by all threads (Jackson's
     *     mappers are thread-safe once configured); {@link #defaultMapper()} gives Veloce's settings
     * @throws NullPointerException when {@code mapper} is {@code null}
     */
    public JsonCodec(ObjectMapper mapper) {
        this.mapper = Objects.requireNonNull(mapper, "mapper");
    }

    /**
     * Returns a new mapper with Veloce's defaults: {@code java.time} types as ISO-8601 strings,
     * unknown properties ignored (clients may send more than you read), missing record/creator
     * properties and {@code null} for primitives rejected (a missing required field is a 422).
     * Its buffers come from a pool shared by all threads: Jackson's default keeps them per thread,
     * which a virtual thread per request turns into fresh buffers for every request. A mapper you
     * pass to the app yourself benefits from the same setting
     * ({@code JsonFactory.builder().recyclerPool(JsonRecyclerPools.sharedConcurrentDequePool())}).
     *
     * @return a new mapper on every call, free to be configured further before use
     */
    public static ObjectMapper defaultMapper() {
        JsonFactory factory = JsonFactory.builder()
                .recyclerPool(JsonRecyclerPools.sharedConcurrentDequePool())
                .build();
        return JsonMapper.builder(factory)
                .addModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .build();
    }

    /**
     * Returns the underlying mapper.
     *
     * @return the mapper given to the constructor, not a copy: reconfiguring it while requests
     *     run is not safe
     */
    public ObjectMapper mapper() {
        return mapper;
    }

    /**
     * Serialises {@code value}.
     *
     * @param value anything the mapper can serialise; {@code null} gives {@code null}
     * @return the UTF-8 JSON text, a new array
     * @throws IllegalStateException when Jackson cannot serialise it (a server-side bug: 500)
     */
    public byte[] write(Object value) {
        try {
            return mapper.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass().getName() + " to JSON: "
                    + e.getOriginalMessage(), e);
        }
    }

    /**
     * Parses {@code json} into {@code type}.
     *
     * @param <T> the type to bind to
     * @param json the JSON text, UTF-8 (or another encoding Jackson detects); empty is an error
     * @param type the class to bind to
     * @return the bound value, never {@code null} (a JSON {@code null} is a binding error)
     * @throws DecodeException saying whether the text was malformed or did not bind, and where
     */
    public <T> T read(byte[] json, Class<T> type) {
        try {
            T value = mapper.readValue(json, type);
            if (value == null) {
                throw new DecodeException(false, "expected a JSON " + type.getSimpleName() + ", got null");
            }
            return value;
        } catch (JacksonException e) {
            throw decodeFailure(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Parses {@code json} as a tree.
     *
     * @param json the JSON text, UTF-8 (or another encoding Jackson detects); empty is an error
     * @return the root node, never {@code null} (a JSON {@code null} gives a {@code NullNode})
     * @throws DecodeException when the text is not JSON
     */
    public JsonNode readTree(byte[] json) {
        try {
            JsonNode node = mapper.readTree(json);
            if (node == null || node.isMissingNode()) {
                throw new DecodeException(true, "empty body: expected JSON");
            }
            return node;
        } catch (JacksonException e) {
            throw decodeFailure(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static DecodeException decodeFailure(JacksonException e) {
        boolean malformed = e instanceof StreamReadException;
        String message = e.getOriginalMessage();
        if (message != null && message.startsWith("No content to map due to end-of-input")) {
            return new DecodeException(true, "empty body: expected JSON");
        }
        String where = e.getLocation() != null && e.getLocation().getLineNr() > 0
                ? " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")"
                : "";
        String path = e instanceof com.fasterxml.jackson.databind.JsonMappingException mapping
                && !mapping.getPath().isEmpty() ? " at '" + fieldPath(mapping) + "'" : "";
        String firstLine = message == null ? "invalid JSON" : message.lines().findFirst().orElse(message);
        return new DecodeException(malformed, (malformed ? "malformed JSON: " : "JSON does not match: ")
                + firstLine + path + where);
    }

    private static String fieldPath(com.fasterxml.jackson.databind.JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (com.fasterxml.jackson.databind.JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    /** A JSON text that could not be read: malformed (400) or not matching the type (422). */
    public static final class DecodeException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        /** Whether the input was not JSON at all (400) rather than JSON of the wrong shape (422). */
        private final boolean malformed;

        /**
         * Creates the exception; {@code malformed} tells syntax errors from binding errors.
         *
         * @param malformed {@code true} when the text is not JSON at all (or empty), {@code false}
         *     when it is JSON that does not fit the type
         * @param message what was wrong and where; sent to the client as the error detail, so
         *     it must not quote server internals
         */
        public DecodeException(boolean malformed, String message) {
            super(message, null, false, false);
            this.malformed = malformed;
        }

        /**
         * Returns whether the text was not JSON at all (as opposed to JSON of the wrong shape).
         *
         * @return {@code true} for a syntax error or an empty text (a 400), {@code false} for a
         *     binding error (a 422)
         */
        public boolean malformed() {
            return malformed;
        }
    }
}
