package io.veloce.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * One broadcast message on its way to many connections: its payload and, built once by the
 * first connection that needs it, the whole WebSocket frame, which every connection writes as a
 * retained duplicate of the same buffer. A server frame is not masked (RFC 6455 §5.1), so its
 * bytes are the same for every connection that did not negotiate compression. Filled and read by
 * the one thread that fans the message out; {@link #release()} when that is done.
 */
public final class SharedFrame {

    private static final int FIN = 0x80;
    private static final int TEXT = 0x1;
    private static final int BINARY = 0x2;

    private final boolean text;
    private final byte[] payload;
    private ByteBuf encoded;

    /**
     * Wraps a message to broadcast; its frame is encoded only when a connection first needs it.
     *
     * @param text whether this is a text message (its payload is UTF-8)
     * @param payload the message; not copied, never changed
     */
    public SharedFrame(boolean text, byte[] payload) {
        this.text = text;
        this.payload = payload;
    }

    /**
     * Returns whether this is a text message.
     *
     * @return {@code true} for a text message (UTF-8 payload), {@code false} for a binary one
     */
    public boolean text() {
        return text;
    }

    /**
     * Returns the payload (do not change it).
     *
     * @return the array given to the constructor itself, not a copy
     */
    public byte[] payload() {
        return payload;
    }

    /**
     * The frame as it goes on the wire, built on first use: a single unfragmented frame with FIN
     * set, the opcode, and the 7, 7+16 or 7+64-bit payload length (RFC 6455 §5.2), no mask. The
     * caller writes {@code retainedDuplicate()}s of it.
     */
    ByteBuf encoded(ByteBufAllocator allocator) {
        if (encoded == null) {
            int length = payload.length;
            int header = length < 126 ? 2 : length <= 0xFFFF ? 4 : 10;
            ByteBuf frame = allocator.directBuffer(header + length);
            frame.writeByte(FIN | (text ? TEXT : BINARY));
            if (length < 126) {
                frame.writeByte(length);
            } else if (length <= 0xFFFF) {
                frame.writeByte(126);
                frame.writeShort(length);
            } else {
                frame.writeByte(127);
                frame.writeLong(length);
            }
            frame.writeBytes(payload);
            encoded = frame;
        }
        return encoded;
    }

    /** Drops the fan-out's own reference to the encoded frame; connections keep theirs until written. */
    public void release() {
        if (encoded != null) {
            encoded.release();
            encoded = null;
        }
    }
}
