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

    /**
     * A text message.
     *
     * @param text the message, encoded to UTF-8 here, once (an unpaired surrogate becomes
     *     {@code ?}); not {@code null}
     * @return a text message whose payload is the UTF-8 encoding of {@code text}
     * @throws NullPointerException when {@code text} is {@code null}
     */
    public static BroadcastMessage text(String text) {
        return new BroadcastMessage(true, text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A binary message (the array is not copied).
     *
     * @param bytes the payload; not {@code null}, and not to be changed afterwards, since every
     *     member is sent this very array
     * @return a binary message wrapping {@code bytes}
     * @throws NullPointerException when {@code bytes} is {@code null}
     */
    public static BroadcastMessage binary(byte[] bytes) {
        return new BroadcastMessage(false, bytes);
    }
}
