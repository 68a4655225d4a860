package io.veloce.websocket;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A broadcast message as engines carry it between nodes: text (UTF-8) or binary, and its bytes.
 *
 * @param text whether it is a text message
 * @param payload the message's bytes (UTF-8 for text); not copied, never changed
 */
public record BroadcastMessage(boolean text, byte[] payload) {

    /** Checks the payload is there. */
    public BroadcastMessage {
        Objects.requireNonNull(payload, "payload");
    }

    /** A text message. */
    public static BroadcastMessage text(String text) {
        return new BroadcastMessage(true, text.getBytes(StandardCharsets.UTF_8));
    }

    /** A binary message (the array is not copied). */
    public static BroadcastMessage binary(byte[] bytes) {
        return new BroadcastMessage(false, bytes);
    }
}
