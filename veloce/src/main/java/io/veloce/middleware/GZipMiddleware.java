package io.veloce.middleware;

import io.veloce.http.Body;
import io.veloce.http.BodyWriter;
import io.veloce.http.Headers;
import io.veloce.http.Request;
import io.veloce.http.Response;
import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * Compresses HTTP response bodies with gzip for clients that accept it. Built with
 * {@link #builder()} (or {@code new GZipMiddleware()} for the defaults); immutable.
 *
 * <pre>{@code
 * app.addMiddleware(GZipMiddleware.builder().minimumSize(512).build());
 * }</pre>
 *
 * <ul>
 * <li>A body is compressed when the request's {@code Accept-Encoding} accepts {@code gzip}
 *     (quality above 0, directly or through {@code *}), its {@code Content-Type} is text-like
 *     ({@code text/*}, JSON, JavaScript, XML, SVG, {@code +json}/{@code +xml} types, or
 *     {@link Builder#contentTypes the ones you list}), and it is at least
 *     {@link Builder#minimumSize(int) minimumSize} bytes (default 1024: smaller bodies rarely
 *     win back gzip's 18-byte frame and the CPU).</li>
 * <li>Streaming bodies are compressed as they stream, whatever their size: a {@code flush()}
 *     by the writer pushes what it wrote so far to the client (server-sent events keep
 *     working).</li>
 * <li>Never compressed twice: a response that already has a {@code Content-Encoding}, a
 *     {@code Cache-Control: no-transform}, or a partial ({@code 206}) or bodiless status is left
 *     alone. A {@code HEAD} response gets the headers its {@code GET} would have.</li>
 * <li>{@code Vary: Accept-Encoding} is added to every response that would be compressed for a
 *     client that asked, so caches keep both forms apart. On the compressed form a strong
 *     {@code ETag} becomes weak (the bytes differ; compare {@code If-None-Match} weakly) and
 *     {@code Accept-Ranges} is dropped.</li>
 * <li>A streaming body that fails half way ends without the gzip trailer, in an aborted
 *     connection, so the client cannot take it for the whole body.</li>
 * <li>Level 6 by default (zlib's balance of speed and size). Request bodies are not
 *     decompressed.</li>
 * <li>WebSocket handshakes pass through: message compression is the permessage-deflate
 *     extension, a {@code WebSocketSettings} option.</li>
 * </ul>
 */
public final class GZipMiddleware implements Middleware {

    private static final List<String> TEXT_LIKE = List.of("application/json", "application/javascript",
            "application/xml", "application/xhtml+xml", "image/svg+xml", "application/wasm");

    private final int minimumSize;
    private final int level;
    private final List<String> extraTypes;

    /** A gzip middleware with the defaults: minimum size 1024 bytes, level 6, text-like types. */
    public GZipMiddleware() {
        this(builder());
    }

    private GZipMiddleware(Builder builder) {
        this.minimumSize = builder.minimumSize;
        this.level = builder.level;
        this.extraTypes = List.copyOf(builder.contentTypes);
    }

    /**
     * Returns a builder with the defaults.
     *
     * @return a new builder: minimum size 1024 bytes, level 6, no extra content types
     */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Response handle(Request request, Next next) throws Exception {
        Response response = next.handle(request);
        Headers headers = response.headers();
        Body body = response.body();
        if (!compressible(request, response, body)) {
            return response;
        }
        if (body instanceof Body.Bytes bytes && bytes.bytes().length < minimumSize) {
            return response;
        }
        if (!headers.containsToken("Vary", "Accept-Encoding") && !headers.containsToken("Vary", "*")) {
            headers.add("Vary", "Accept-Encoding");
        }
        if (!acceptsGzip(request.headers().getAll("Accept-Encoding"))) {
            return response;
        }
        headers.set("Content-Encoding", "gzip");
        headers.remove("Content-Length");
        headers.remove("Accept-Ranges"); // ranges of the identity bytes mean nothing in the gzip ones
        String etag = headers.get("ETag");
        if (etag != null && etag.startsWith("\"")) {
            headers.set("ETag", "W/" + etag);
        }
        if (body instanceof Body.Bytes bytes) {
            response.body(new Body.Bytes(gzip(bytes.bytes())));
        } else {
            response.body(new Body.Stream(gzipStream(((Body.Stream) body).writer())));
        }
        return response;
    }

    private boolean compressible(Request request, Response response, Body body) {
        if (!(body instanceof Body.Bytes || body instanceof Body.Stream)) {
            return false; // no body (a JSON value reaches middleware as bytes)
        }
        int status = response.status();
        if (status < 200 || status == 204 || status == 206 || status == 304) {
            return false;
        }
        Headers headers = response.headers();
        if (headers.contains("Content-Encoding") || headers.containsToken("Cache-Control", "no-transform")) {
            return false;
        }
        return textLike(headers.get("Content-Type"));
    }

    private boolean textLike(String contentType) {
        if (contentType == null) {
            return false;
        }
        int semicolon = contentType.indexOf(';');
        String type = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip()
                .toLowerCase(Locale.ROOT);
        return type.startsWith("text/") || type.endsWith("+json") || type.endsWith("+xml") || TEXT_LIKE.contains(type)
                || extraTypes.contains(type);
    }

    /**
     * RFC 9110 §12.5.3: {@code gzip} (or {@code x-gzip}) with a quality above zero, or {@code *}
     * above zero when gzip is not named.
     */
    static boolean acceptsGzip(List<String> acceptEncoding) {
        Double gzip = null;
        Double any = null;
        for (String line : acceptEncoding) {
            for (String entry : line.split(",")) {
                String[] parts = entry.split(";");
                String coding = parts[0].strip().toLowerCase(Locale.ROOT);
                double quality = 1.0;
                for (int i = 1; i < parts.length; i++) {
                    String parameter = parts[i].strip();
                    if (parameter.length() > 2 && (parameter.charAt(0) == 'q' || parameter.charAt(0) == 'Q')
                            && parameter.charAt(1) == '=') {
                        quality = quality(parameter.substring(2).strip());
                    }
                }
                if (coding.equals("gzip") || coding.equals("x-gzip")) {
                    gzip = gzip == null ? quality : Math.max(gzip, quality);
                } else if (coding.equals("*")) {
                    any = quality;
                }
            }
        }
        if (gzip != null) {
            return gzip > 0;
        }
        return any != null && any > 0;
    }

    private static double quality(String text) {
        try {
            double q = Double.parseDouble(text);
            return q >= 0 && q <= 1 ? q : 0;
        } catch (NumberFormatException malformed) {
            return 0; // an unreadable weight is not consent
        }
    }

    private byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, bytes.length / 3));
        try (GZIPOutputStream gzip = new LeveledGzip(out, level, false)) {
            gzip.write(bytes);
        } catch (IOException impossible) {
            throw new UncheckedIOException(impossible); // a ByteArrayOutputStream does not fail
        }
        return out.toByteArray();
    }

    private BodyWriter gzipStream(BodyWriter writer) {
        return out -> {
            // the transport's stream is Veloce's to close (a writer closing the gzip stream must
            // not end the response early), hence KeepOpen
            LeveledGzip gzip = new LeveledGzip(new KeepOpen(out), level, true);
            try {
                writer.writeTo(gzip);
            } catch (IOException | RuntimeException | Error failure) {
                gzip.abandon(); // no trailer: a client must not take the cut body for a whole one
                throw failure;
            }
            gzip.close(); // writes the trailer and frees the native deflater
        };
    }

    /** A gzip stream at a chosen level; with sync flush, {@code flush()} sends what was written so far. */
    private static final class LeveledGzip extends GZIPOutputStream {

        LeveledGzip(OutputStream out, int level, boolean syncFlush) throws IOException {
            super(out, 8192, syncFlush);
            def.setLevel(level);
        }

        /** Frees the native deflater without writing what is left or the trailer. */
        void abandon() {
            def.end();
        }
    }

    /** Passes writes and flushes on; {@code close()} only flushes. */
    private static final class KeepOpen extends FilterOutputStream {

        KeepOpen(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }

    /** Settings of a {@link GZipMiddleware}. */
    public static final class Builder {

        private int minimumSize = 1024;
        private int level = 6;
        private List<String> contentTypes = List.of();

        private Builder() {
        }

        /**
         * Sets the smallest body (in bytes) worth compressing; 1024 by default. Streaming bodies,
         * whose size is not known, are always compressed.
         *
         * @param bytes the smallest body size compressed, 0 or more; 0 compresses every eligible body
         * @return this builder, for chaining
         * @throws IllegalArgumentException when negative
         */
        public Builder minimumSize(int bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("minimumSize must be >= 0, got " + bytes);
            }
            this.minimumSize = bytes;
            return this;
        }

        /**
         * Sets the compression level, 1 (fastest) to 9 (smallest); 6 by default.
         *
         * @param level the zlib level, 1–9 (0, no compression, is refused: leave the middleware
         *     out instead)
         * @return this builder, for chaining
         * @throws IllegalArgumentException outside 1..9
         */
        public Builder level(int level) {
            if (level < Deflater.BEST_SPEED || level > Deflater.BEST_COMPRESSION) {
                throw new IllegalArgumentException("level must be 1..9, got " + level);
            }
            this.level = level;
            return this;
        }

        /**
         * Adds media types (without parameters, e.g. {@code application/x-ndjson}) to compress
         * besides the text-like defaults.
         *
         * @param types media types matched ignoring case, with no parameters and no surrounding
         *     spaces; they replace the ones of an earlier call (the defaults always stay). None
         *     clears the extra types
         * @return this builder, for chaining
         * @throws NullPointerException when the array or an entry is {@code null}
         */
        public Builder contentTypes(String... types) {
            this.contentTypes = List.of(types).stream().map(t -> Objects.requireNonNull(t).toLowerCase(Locale.ROOT)).toList();
            return this;
        }

        /**
         * Returns the middleware.
         *
         * @return a new, immutable middleware with the current settings; the builder may be
         *     changed and used again afterwards without affecting it
         */
        public GZipMiddleware build() {
            return new GZipMiddleware(this);
        }
    }
}
