package io.veloce.http;

import java.io.IOException;
import java.nio.channels.FileChannel;

/**
 * An optional ability of the stream a {@link BodyWriter} writes to: sending part of a file
 * without the writer reading it first. The embedded server's response stream has it; on a
 * plain-HTTP connection the kernel then copies the file to the socket ({@code sendfile}), with
 * no byte passing through the Java heap. Streams that cannot do better (the test client's,
 * those of middleware that transform or count the body) do not have it, so a writer checks:
 *
 * <pre>{@code
 * Response.stream("video/mp4", out -> {
 *     try (FileChannel file = FileChannel.open(path)) {
 *         if (out instanceof FileSink sink) {
 *             sink.sendFile(file, 0, file.size());
 *         } else {
 *             Channels.newInputStream(file).transferTo(out);
 *         }
 *     }
 * });
 * }</pre>
 */
public interface FileSink {

    /**
     * Sends {@code count} bytes of {@code file} from {@code position}, after everything written
     * to the stream before, and returns once they are sent; like {@code write}, it blocks while
     * the client reads slower. Neither the file's position nor its open state changes: the
     * caller closes it.
     *
     * @param file an open channel readable from {@code position}; left open
     * @param position the offset of the first byte to send, from 0
     * @param count how many bytes to send; 0 sends nothing. Neither is checked for being
     *     negative, so pass non-negative values
     * @throws IOException when the client went away, or the file holds fewer than
     *     {@code position + count} bytes (the response is then cut short)
     */
    void sendFile(FileChannel file, long position, long count) throws IOException;
}
