package io.veloce.staticfiles;

import io.veloce.http.BodyWriter;
import io.veloce.http.FileSink;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.concurrent.TimeUnit;

/**
 * A file on a file system. Its entity-tag is made of its size and modification time (to the
 * microsecond where the file system keeps it), as nginx does: cheap, with no read of the file,
 * and different after any ordinary edit.
 *
 * @param path the file's real path (symbolic links resolved)
 * @param size its size
 * @param modified its modification time
 */
record FileResource(Path path, long size, FileTime modified) implements Resource {

    private static final int COPY_BUFFER = 64 * 1024;

    @Override
    public String name() {
        return path.getFileName().toString();
    }

    @Override
    public long lastModified() {
        return modified.to(TimeUnit.SECONDS);
    }

    @Override
    public String etag() {
        return "\"" + Long.toHexString(size) + "-" + Long.toHexString(modified.to(TimeUnit.MICROSECONDS)) + "\"";
    }

    @Override
    public BodyWriter body(long offset, long length) {
        return out -> {
            try (FileChannel file = FileChannel.open(path, StandardOpenOption.READ)) {
                if (out instanceof FileSink sink) {
                    sink.sendFile(file, offset, length); // sendfile on the server's plain connections
                } else {
                    copy(file, offset, length, out);
                }
            }
        };
    }

    private void copy(FileChannel file, long position, long length, OutputStream out) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(COPY_BUFFER, Math.max(length, 1)));
        long end = position + length;
        while (position < end) {
            buffer.clear().limit((int) Math.min(buffer.capacity(), end - position));
            int n = file.read(buffer, position);
            if (n < 0) {
                throw new IOException("file " + path + " got shorter while it was being sent");
            }
            out.write(buffer.array(), 0, n);
            position += n;
        }
    }
}
