package io.veloce.redis;

import io.veloce.websocket.BroadcastMessage;
import java.util.Arrays;

/**
 * How a broadcast message travels through Redis: one type byte ({@code t} text, {@code b}
 * binary) and then the payload's bytes. Redis messages are opaque bytes, so the type has to
 * travel with them for a member to get a text frame or a binary frame as published.
 */
final class WireFormat {

    static final byte TEXT = 't';
    static final byte BINARY = 'b';

    private WireFormat() {
    }

    /** Returns the Redis message for {@code message}. */
    static byte[] encode(BroadcastMessage message) {
        byte[] payload = message.payload();
        byte[] wire = new byte[payload.length + 1];
        wire[0] = message.text() ? TEXT : BINARY;
        System.arraycopy(payload, 0, wire, 1, payload.length);
        return wire;
    }

    /** Returns the message {@code wire} carries, or {@code null} when it is not one of ours. */
    static BroadcastMessage decode(byte[] wire) {
        if (wire == null || wire.length == 0 || (wire[0] != TEXT && wire[0] != BINARY)) {
            return null;
        }
        return new BroadcastMessage(wire[0] == TEXT, Arrays.copyOfRange(wire, 1, wire.length));
    }
}
