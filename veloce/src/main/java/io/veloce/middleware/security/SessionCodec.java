package io.veloce.middleware.security;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The session cookie's value: {@code base64url(payload) "." base64url(HMAC-SHA256)}, where the
 * payload is {@code {"iat": issued-at epoch seconds, "data": {string: string, ...}}}. Immutable.
 */
final class SessionCodec {

    /** What browsers keep of one cookie's name and value: beyond it a cookie is dropped. */
    static final int MAX_COOKIE_BYTES = 4096;

    /** The outcome of reading a cookie. */
    sealed interface Result {
    }

    /**
     * A cookie that verified and has not expired.
     *
     * @param oldKey whether only a previous key verified it, so it should be signed again
     */
    record Valid(Map<String, String> values, long issuedAt, boolean oldKey) implements Result {
    }

    /**
     * A cookie refused, with why ({@code bad signature}, {@code expired}, {@code malformed},
     * {@code oversized}).
     */
    record Rejected(String reason) implements Result {
    }

    /**
     * A private mapper rather than the app's: the app's may be configured to bind polymorphic or
     * lenient input, and this one only ever reads a tree of strings.
     */
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private final Signer signer;
    private final long maxAgeSeconds;
    /** Servers of one app rarely agree to the second; a cookie from a server a little ahead is fine. */
    private static final long CLOCK_SKEW_SECONDS = 300;

    SessionCodec(Signer signer, long maxAgeSeconds) {
        this.signer = signer;
        this.maxAgeSeconds = maxAgeSeconds;
    }

    /** Returns the signed cookie value for {@code values} issued at {@code issuedAt} (epoch seconds). */
    String encode(Map<String, String> values, long issuedAt) {
        ObjectNode payload = MAPPER.createObjectNode();
        payload.put("iat", issuedAt);
        ObjectNode data = payload.putObject("data");
        values.forEach(data::put);
        String encoded;
        try {
            encoded = ENCODER.encodeToString(MAPPER.writeValueAsBytes(payload));
        } catch (IOException impossible) {
            throw new IllegalStateException("a tree of strings always serialises", impossible);
        }
        return encoded + "." + signer.sign(encoded);
    }

    /**
     * Reads a cookie value at {@code now} (epoch seconds). The signature is checked before the
     * payload is decoded, so nothing a client made up is ever parsed.
     */
    Result decode(String cookie, long now) {
        if (cookie.length() > MAX_COOKIE_BYTES) {
            return new Rejected("oversized");
        }
        int dot = cookie.indexOf('.');
        if (dot <= 0 || dot != cookie.lastIndexOf('.') || dot == cookie.length() - 1) {
            return new Rejected("malformed");
        }
        String encoded = cookie.substring(0, dot);
        int key = signer.verify(encoded, cookie.substring(dot + 1));
        if (key < 0) {
            return new Rejected("bad signature");
        }
        JsonNode payload;
        try {
            payload = MAPPER.readTree(Base64.getUrlDecoder().decode(encoded));
        } catch (IllegalArgumentException | IOException notBase64OrJson) {
            return new Rejected("malformed");
        }
        Map<String, String> values = strings(payload);
        if (values == null) {
            return new Rejected("malformed");
        }
        long issuedAt = payload.get("iat").longValue();
        if (now - issuedAt >= maxAgeSeconds) { // a difference: no overflow whatever the numbers
            return new Rejected("expired");
        }
        if (issuedAt > now + CLOCK_SKEW_SECONDS) {
            return new Rejected("issued in the future");
        }
        return new Valid(values, issuedAt, key > 0);
    }

    /** Returns the payload's string values, or {@code null} when it is anything but the expected shape. */
    private static Map<String, String> strings(JsonNode payload) {
        if (payload == null || !payload.isObject() || payload.size() != 2) {
            return null;
        }
        JsonNode issuedAt = payload.get("iat");
        JsonNode data = payload.get("data");
        if (issuedAt == null || !issuedAt.isIntegralNumber() || !issuedAt.canConvertToLong()
                || data == null || !data.isObject()) {
            return null;
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : data.properties()) {
            if (!field.getValue().isTextual()) {
                return null;
            }
            values.put(field.getKey(), field.getValue().textValue());
        }
        return values;
    }
}
