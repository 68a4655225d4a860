package io.veloce.http;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes a streaming response body. Runs on the handler's virtual thread after the status and
 * headers are sent; every {@code write} blocks while the client is slower than the writer, so a
 * slow reader never makes the server buffer a whole large body.
 */
@FunctionalInterface
public interface BodyWriter {

    /**
     * Writes the body to {@code out}. Veloce closes {@code out} afterwards.
     *
     * @param out the stream to the client (possibly through middleware that compresses or counts
     *     it); {@code flush()} pushes what was written so far. It may also be a {@link FileSink}
     * @throws IOException when the client went away (the writer should simply stop)
     */
    void writeTo(OutputStream out) throws IOException;
}
