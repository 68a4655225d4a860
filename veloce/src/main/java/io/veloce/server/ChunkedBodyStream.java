package io.veloce.server;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.LastHttpContent;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * The body of a streaming response: buffers small writes into chunks and, while the socket is
 * not writable (the client reads slower than the app writes), blocks the virtual thread until
 * the last chunk has gone out, so the server never holds more than the write buffer's high
 * water mark plus one chunk for the connection.
 */
final class ChunkedBodyStream extends OutputStream {

    private static final int CHUNK = 8 * 1024;
    private static final long SEND_TIMEOUT_SECONDS = 30;

    private final Channel channel;
    private final boolean discard;
    private final byte[] buffer = new byte[CHUNK];
    private int used;
    private boolean closed;

    ChunkedBodyStream(Channel channel, boolean discard) {
        this.channel = channel;
        this.discard = discard;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        ensureOpen();
        if (discard) {
            return;
        }
        while (length > 0) {
            int n = Math.min(length, CHUNK - used);
            System.arraycopy(bytes, offset, buffer, used, n);
            used += n;
            offset += n;
            length -= n;
            if (used == CHUNK) {
                sendChunk();
            }
        }
    }

    @Override
    public void flush() throws IOException {
        ensureOpen();
        if (used > 0) {
            sendChunk();
        }
    }

    private void sendChunk() throws IOException {
        ChannelFuture written = channel.writeAndFlush(
                new DefaultHttpContent(Unpooled.wrappedBuffer(Arrays.copyOf(buffer, used))));
        used = 0;
        if (!channel.isWritable()) {
            try {
                if (!written.await(SEND_TIMEOUT_SECONDS, java.util.concurrent.TimeUnit.SECONDS)) {
                    channel.close();
                    throw new IOException("client did not read the response for " + SEND_TIMEOUT_SECONDS + " s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while the client was slow");
            }
        }
        if (written.isDone() && !written.isSuccess() || !channel.isActive()) {
            throw new IOException("client disconnected");
        }
    }

    private void ensureOpen() throws IOException {
        if (closed) {
            throw new IOException("response body already closed");
        }
        if (!channel.isActive()) {
            throw new IOException("client disconnected");
        }
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        if (!discard && used > 0) {
            sendChunk();
        }
        closed = true;
        if (!discard) {
            channel.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
        }
    }
}
