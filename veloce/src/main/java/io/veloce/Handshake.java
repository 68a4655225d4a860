package io.veloce;

import io.veloce.http.Headers;
import io.veloce.http.Response;
import io.veloce.server.Exchange;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * The HTTP side of an RFC 6455 opening handshake: which requests are handshakes, which are
 * malformed (400, or 426 for a version other than 13), and the {@code Sec-WebSocket-Accept}
 * answer. Transport-neutral, so the server and the test client check handshakes the same way.
 */
final class Handshake {

    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    private Handshake() {
    }

    /** Whether {@code exchange} asks for a WebSocket: a {@code GET} with {@code Upgrade: websocket}. */
    static boolean isUpgrade(Exchange exchange) {
        if (!exchange.method().equals("GET")) {
            return false;
        }
        String upgrade = exchange.headers().get("Upgrade");
        return upgrade != null && hasToken(upgrade, "websocket");
    }

    /** Returns the error response for a malformed handshake, or {@code null} when it is well formed. */
    static Response check(Exchange exchange) {
        Headers headers = exchange.headers();
        if (exchange.protocol().equals("HTTP/1.0")) {
            return Responses.error(400, "a WebSocket handshake needs HTTP/1.1");
        }
        String connection = headers.get("Connection");
        if (connection == null || !hasToken(connection, "upgrade")) {
            return Responses.error(400, "a WebSocket handshake needs 'Connection: Upgrade'");
        }
        List<String> versions = headers.getAll("Sec-WebSocket-Version");
        if (versions.size() != 1 || !versions.get(0).trim().equals("13")) {
            String sent = versions.isEmpty() ? "none" : String.join(", ", versions);
            return Responses.error(426, "unsupported WebSocket version (" + sent + "): this server speaks 13")
                    .header("Sec-WebSocket-Version", "13");
        }
        List<String> keys = headers.getAll("Sec-WebSocket-Key");
        if (keys.size() != 1 || !validKey(keys.get(0).trim())) {
            return Responses.error(400, keys.isEmpty() ? "missing Sec-WebSocket-Key header"
                    : "Sec-WebSocket-Key must be one base64-encoded 16-byte value");
        }
        return null;
    }

    private static boolean validKey(String key) {
        try {
            return key.length() == 24 && Base64.getDecoder().decode(key).length == 16;
        } catch (IllegalArgumentException notBase64) {
            return false;
        }
    }

    /** Returns the {@code Sec-WebSocket-Accept} value for a well-formed handshake's key. */
    static String accept(Exchange exchange) {
        String key = exchange.headers().get("Sec-WebSocket-Key").trim();
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest((key + GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("every Java platform has SHA-1", impossible);
        }
    }

    /** Whether a comma-separated header value contains {@code token}, case-insensitively. */
    private static boolean hasToken(String value, String token) {
        for (String part : value.split(",")) {
            if (part.trim().toLowerCase(Locale.ROOT).equals(token)) {
                return true;
            }
        }
        return false;
    }
}
