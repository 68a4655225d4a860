package io.veloce.server;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.DefaultFileRegion;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.LastHttpContent;
import io.veloce.http.FileSink;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * The body of a streaming response: buffers small writes into chunks and, while the socket is
 * not writable (the client reads slower than the app writes), blocks the virtual thread until
 * the last chunk has gone out, so the server never holds more than the write buffer's high
 * water mark plus one chunk for the connection.
 *
 * <p>When the response announced a {@code Content-Length}, the body is sent with that length
 * (not chunked) and must be exactly that long: more, or closing with less, is a bug of the
 * writer, answered with {@link IllegalStateException} and a closed connection, because the
 * client would otherwise read a wrong body or the next response as this one's end.
 *
 * <p>Files go out as {@link DefaultFileRegion}s ({@code sendfile}) when the connection is plain;
 * through TLS they are read and written like any other bytes, since they must be encrypted.
 */
final class ChunkedBodyStream extends OutputStream implements FileSink {

    private static final int CHUNK = 8 * 1024;
    /** A region of a file per write: the same 30 s rule as a chunk applies to each, so not too large. */
    private static final long FILE_SLICE = 128 * 1024;
    private static final long SEND_TIMEOUT_SECONDS = 30;

    private final Channel channel;
    private final boolean discard;
    private final boolean zeroCopy;
    private final byte[] buffer = new byte[CHUNK];
    private long remaining;
    private int used;
    private boolean closed;

    /**
     * @param discard whether the response must have no body (HEAD): writes are counted, not sent
     * @param contentLength the announced length, or -1 when the body is chunked or close-delimited
     * @param zeroCopy whether files may be written as file regions (false through TLS)
     */
    ChunkedBodyStream(Channel channel, boolean discard, long contentLength, boolean zeroCopy) {
        this.channel = channel;
        this.discard = discard;
        this.remaining = contentLength < 0 ? Long.MAX_VALUE : contentLength;
        this.zeroCopy = zeroCopy;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        ensureOpen();
        claim(length);
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
    public void sendFile(FileChannel file, long position, long count) throws IOException {
        ensureOpen();
        if (discard) {
            claim(count);
            return;
        }
        if (!zeroCopy) {
            copy(file, position, count);
            return;
        }
        claim(count);
        if (used > 0) {
            sendChunk(); // what was written before goes first
        }
        ChannelFuture last = null;
        for (long sent = 0; sent < count; sent += FILE_SLICE) {
            last = channel.writeAndFlush(new BorrowedFileRegion(file, position + sent, Math.min(FILE_SLICE, count - sent)));
            awaitIfUnwritable(last);
        }
        if (last != null && !last.isDone()) {
            await(last); // the caller closes the file once this returns: every region must be out
        }
        checkSent(last);
    }

    /** Reads the file and writes it like any other bytes. */
    private void copy(FileChannel file, long position, long count) throws IOException {
        ByteBuffer chunk = ByteBuffer.allocate((int) Math.min(CHUNK * 8, Math.max(count, 1)));
        long end = position + count;
        while (position < end) {
            chunk.clear().limit((int) Math.min(chunk.capacity(), end - position));
            int n = file.read(chunk, position);
            if (n < 0) {
                throw new IOException("the file ended " + (end - position) + " bytes early");
            }
            write(chunk.array(), 0, n);
            position += n;
        }
    }

    /** Counts {@code length} bytes against the announced length. */
    private void claim(long length) {
        if (length > remaining) {
            channel.close();
            throw new IllegalStateException("the response body is longer than its Content-Length");
        }
        if (remaining != Long.MAX_VALUE) {
            remaining -= length;
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
        awaitIfUnwritable(written);
        checkSent(written);
    }

    /** Backpressure: while the socket is full, wait for {@code written} to go out. */
    private void awaitIfUnwritable(ChannelFuture written) throws IOException {
        if (!channel.isWritable()) {
            await(written);
        }
    }

    private void await(ChannelFuture written) throws IOException {
        try {
            if (!written.await(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                channel.close();
                throw new IOException("client did not read the response for " + SEND_TIMEOUT_SECONDS + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while the client was slow");
        }
    }

    private void checkSent(ChannelFuture written) throws IOException {
        if (written != null && written.isDone() && !written.isSuccess() || !channel.isActive()) {
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
        if (!discard && remaining != Long.MAX_VALUE && remaining > 0) {
            channel.close();
            throw new IllegalStateException("the response body ended " + remaining + " bytes short of its Content-Length");
        }
        if (!discard) {
            channel.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
        }
    }

    /** A region of a file the writer owns: sending it must not close the file, as Netty's regions do. */
    private static final class BorrowedFileRegion extends DefaultFileRegion {

        BorrowedFileRegion(FileChannel file, long position, long count) {
            super(file, position, count);
        }

        @Override
        protected void deallocate() {
            // the file belongs to the writer, which may send more regions of it and closes it itself
        }
    }
}
