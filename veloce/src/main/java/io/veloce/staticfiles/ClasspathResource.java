package io.veloce.staticfiles;

import io.veloce.http.BodyWriter;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;

/**
 * A resource inside a jar (or another class-path container that is not a directory), read
 * through its URL when sent.
 *
 * @param url where the class loader found it
 * @param name its own name
 * @param size its size, from a read of it
 * @param lastModified the container's modification time in epoch seconds, or -1
 * @param etag a hash of its content
 */
record ClasspathResource(URL url, String name, long size, long lastModified, String etag) implements Resource {

    @Override
    public BodyWriter body(long offset, long length) {
        return out -> {
            try (InputStream in = url.openStream()) {
                in.skipNBytes(offset);
                byte[] buffer = new byte[(int) Math.min(64 * 1024, Math.max(length, 1))];
                long left = length;
                while (left > 0) {
                    int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                    if (n < 0) {
                        throw new IOException("class path resource " + url + " is shorter than it was");
                    }
                    out.write(buffer, 0, n);
                    left -= n;
                }
            }
        };
    }
}
