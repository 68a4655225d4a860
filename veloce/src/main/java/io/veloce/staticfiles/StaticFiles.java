package io.veloce.staticfiles;

import io.veloce.http.Handler;
import io.veloce.http.Headers;
import io.veloce.http.HttpException;
import io.veloce.http.Request;
import io.veloce.http.Response;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the files below a directory or a class-path location, mounted with
 * {@code app.staticFiles("/static", Path.of("public"))} (or on a {@code Router}), which
 * registers it as the {@code GET} (and so {@code HEAD}) handler of {@code /static/{path...}}.
 * Immutable: each setting returns a copy.
 *
 * <pre>{@code
 * app.staticFiles("/static", StaticFiles.directory(Path.of("public"))
 *         .cacheControl("public, max-age=3600"));
 * }</pre>
 *
 * <p>What a request gets:
 * <ul>
 * <li>The file, with {@code Content-Type} from its extension (a built-in table of the web's
 *     common types, text types with {@code charset=utf-8}, {@code application/octet-stream} for
 *     the rest; {@link #contentType} adds more), {@code Content-Length}, a strong {@code ETag},
 *     {@code Last-Modified} and {@code Accept-Ranges: bytes}. Large files are streamed, never
 *     read into memory; on the server's plain-HTTP connections the kernel sends them
 *     ({@code sendfile}).</li>
 * <li>304 when {@code If-None-Match} (or, without it, {@code If-Modified-Since}) shows the
 *     client's copy is current; 412 when {@code If-Match} or {@code If-Unmodified-Since} fails.</li>
 * <li>206 with {@code Content-Range} for one range ({@code bytes=0-99}, {@code bytes=100-},
 *     {@code bytes=-100}), honouring {@code If-Range}; 416 with {@code Content-Range: bytes *}{@code /size}
 *     when the range starts past the end. Several ranges in one request get the whole file (200).</li>
 * <li>For a path ending in {@code /}: the directory's index file ({@code index.html} by
 *     default, see {@link #indexFiles}); a directory path without the slash is redirected (307)
 *     to it when the index exists. Directories are never listed: without an index, 404.</li>
 * <li>404 — the same answer as for any missing file — for anything outside the root or private:
 *     {@code ..} in any encoding, absolute paths, backslashes, drive letters and colons, control
 *     characters ({@code %00}), names starting with {@code .} ({@code .git}, {@code .env}), and
 *     symbolic links that lead out of the root. A {@code .well-known} directory is served by
 *     mounting it on its own: {@code app.staticFiles("/.well-known", dir.resolve(".well-known"))}.</li>
 * <li>405 for methods other than {@code GET} and {@code HEAD}.</li>
 * </ul>
 *
 * <p>No {@code Cache-Control} by default (set one with {@link #cacheControl}); no
 * {@code X-Content-Type-Options}: {@code app.useSecureDefaults()} adds {@code nosniff} to every
 * response, these included.
 */
public final class StaticFiles implements Handler {

    private static final Logger log = LoggerFactory.getLogger(StaticFiles.class);
    private static final String ALLOW = "GET, HEAD";

    private final Root root;
    private final List<String> indexFiles;
    private final String cacheControl;
    private final MediaTypes types;

    private StaticFiles(Root root, List<String> indexFiles, String cacheControl, MediaTypes types) {
        this.root = root;
        this.indexFiles = indexFiles;
        this.cacheControl = cacheControl;
        this.types = types;
    }

    /**
     * Serves the files below {@code directory}. It is looked at again on every request, so files
     * added, changed or removed later are served as they are then.
     *
     * @param directory the root; nothing outside it is served, symbolic links leading out of it
     *     included; not {@code null} ({@link NullPointerException})
     * @return a handler serving it, with {@code index.html} as index file, no
     *     {@code Cache-Control} and the built-in media types
     * @throws IllegalArgumentException when {@code directory} is not an existing directory
     */
    public static StaticFiles directory(Path directory) {
        Objects.requireNonNull(directory, "directory");
        if (!Files.isDirectory(directory)) {
            throw new IllegalArgumentException("static files directory " + directory.toAbsolutePath()
                    + (Files.exists(directory) ? " is not a directory" : " does not exist"));
        }
        return new StaticFiles(new DirectoryRoot(directory), List.of("index.html"), null, MediaTypes.DEFAULTS);
    }

    /**
     * Serves the resources below {@code location} on the class path (for example
     * {@code "static"} for {@code src/main/resources/static}), found through the thread's
     * context class loader (or this library's when there is none).
     *
     * @param location as for {@link #classpath(String, ClassLoader)}
     * @return a handler serving it, with the defaults of {@link #classpath(String, ClassLoader)}
     * @throws IllegalArgumentException when the location names the class path's root ({@code ""},
     *     {@code "."}), has an empty or {@code .} segment, or contains {@code ..} or a backslash
     */
    public static StaticFiles classpath(String location) {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return classpath(location, context != null ? context : StaticFiles.class.getClassLoader());
    }

    /**
     * Serves the resources below {@code location} as {@code loader} finds them. A location that
     * does not exist is logged as a warning rather than refused, since jars built without
     * directory entries cannot tell an empty location from a missing one.
     *
     * @param location the resource directory, for example {@code "static"}; leading and trailing
     *     slashes are ignored; not {@code null} ({@link NullPointerException}) and not the class
     *     path's root, which holds class files and configuration
     * @param loader the class loader to find the resources with; not {@code null}
     *     ({@link NullPointerException})
     * @return a handler serving it, with {@code index.html} as index file, no
     *     {@code Cache-Control} and the built-in media types
     * @throws IllegalArgumentException when the location names the class path's root ({@code ""},
     *     {@code "."}), has an empty or {@code .} segment, or contains {@code ..} or a backslash
     */
    public static StaticFiles classpath(String location, ClassLoader loader) {
        Objects.requireNonNull(loader, "loader");
        String trimmed = Objects.requireNonNull(location, "location").replaceAll("^/+|/+$", "");
        if (trimmed.contains("..") || trimmed.contains("\\")) {
            throw new IllegalArgumentException("class path location must not contain '..' or '\\': " + location);
        }
        if (trimmed.isEmpty() || Arrays.stream(trimmed.split("/", -1)).anyMatch(s -> s.isEmpty() || s.equals("."))) {
            // "", "." or "./" name the root, which would publish every class and configuration
            // file the app carries; other empty or "." segments are refused for the same reason
            throw new IllegalArgumentException("class path location '" + location
                    + "' is the class path's root or has an empty or '.' segment; put the files in a folder of "
                    + "their own, e.g. \"static\"");
        }
        ClasspathRoot root = new ClasspathRoot(trimmed, loader);
        if (!root.exists()) {
            log.warn("static files: nothing on the class path at '{}' yet; every request to it will be 404", trimmed);
        }
        return new StaticFiles(root, List.of("index.html"), null, MediaTypes.DEFAULTS);
    }

    /**
     * Returns a copy that answers a directory path ending in {@code /} with the first of
     * {@code names} that exists there; none: directories always 404. Default {@code index.html}.
     *
     * @param names plain file names, tried in order; none at all means no index file; no
     *     {@code null} element ({@link NullPointerException})
     * @return a copy with these index files; this instance is unchanged
     * @throws IllegalArgumentException when a name is empty, hidden or contains {@code /}
     */
    public StaticFiles indexFiles(String... names) {
        for (String name : names) {
            SafePath parsed = SafePath.parse(Objects.requireNonNull(name, "index file name"));
            if (parsed == null || parsed.directory() || parsed.names().size() != 1) {
                throw new IllegalArgumentException("index file name must be a plain file name, got '" + name + "'");
            }
        }
        return new StaticFiles(root, List.of(names), cacheControl, types);
    }

    /**
     * Returns a copy that sends {@code Cache-Control: value} with every file (and 304); none by
     * default. For example {@code "no-cache"} (always revalidate: cheap with 304s) for pages, or
     * {@code "public, max-age=31536000, immutable"} for files whose names change with their content.
     *
     * @param value the header value, or {@code null} for none
     * @return a copy with this {@code Cache-Control}; this instance is unchanged
     * @throws IllegalArgumentException when the value holds CR, LF or NUL
     */
    public StaticFiles cacheControl(String value) {
        if (value != null) {
            new Headers().set("Cache-Control", value); // validates now rather than on every response
        }
        return new StaticFiles(root, indexFiles, value, types);
    }

    /**
     * Returns a copy that sends files ending in {@code .extension} as {@code type} (added to the
     * built-in table, or replacing its entry); a {@code text/} type without a charset gets
     * {@code ; charset=utf-8}.
     *
     * @param extension without the dot, matched ignoring case ({@code "glb"})
     * @param type the media type ({@code "model/gltf-binary"})
     * @return a copy with this extension's type; this instance is unchanged
     * @throws IllegalArgumentException when the extension is empty or has a dot, or the type holds CR, LF or NUL
     */
    public StaticFiles contentType(String extension, String type) {
        if (Objects.requireNonNull(extension, "extension").isEmpty() || extension.contains(".")) {
            throw new IllegalArgumentException("extension must be given without the dot, got '" + extension + "'");
        }
        new Headers().set("Content-Type", Objects.requireNonNull(type, "type"));
        return new StaticFiles(root, indexFiles, cacheControl, types.with(extension, type));
    }

    /**
     * Serves the request's {@code path} parameter (the rest of the path captured by
     * {@code {path...}}) below the root; without one, the root's index file.
     *
     * @throws HttpException 404, 405, 412 or 416 as the class description says
     */
    @Override
    public Response handle(Request request) {
        String method = request.method();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            throw new HttpException(405, "Method Not Allowed", Headers.of("Allow", ALLOW));
        }
        SafePath path = SafePath.parse(request.pathParams().getOrDefault("path", ""));
        if (path == null) {
            throw notFound();
        }
        if (path.directory()) {
            Resource index = index(path);
            if (index == null) {
                throw notFound();
            }
            return FileResponses.of(request, index, types.forFile(index.name()), cacheControl);
        }
        Resource file = root.find(path.names());
        if (file != null) {
            return FileResponses.of(request, file, types.forFile(file.name()), cacheControl);
        }
        if (index(path) != null) {
            return redirectToDirectory(request);
        }
        throw notFound();
    }

    private Resource index(SafePath directory) {
        for (String name : indexFiles) {
            Resource index = root.find(directory.plus(name));
            if (index != null) {
                return index;
            }
        }
        return null;
    }

    /** {@code /docs} → {@code /docs/}, like a web server, so the page's relative links resolve below it. */
    private static Response redirectToDirectory(Request request) {
        URI url = request.url();
        String path = url.getRawPath();
        // url() is built with the Host header: its path and query are used only when they are the
        // request's own (a Host of "evil/x" must not move the redirect), and never as "//host"
        if (path == null || path.startsWith("//") || !request.path().equals(url.getPath())) {
            throw notFound();
        }
        return Response.redirect(path + "/" + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery()));
    }

    private static HttpException notFound() {
        return new HttpException(404, "Not Found");
    }

    @Override
    public String toString() {
        return "StaticFiles[" + root + ", index " + indexFiles + (cacheControl == null ? "" : ", " + cacheControl) + "]";
    }
}
