package io.veloce.staticfiles;

import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Files below a location on the class path, found through a class loader as resources are. A
 * resource in a directory (an IDE or {@code mvn exec} run) is served like any file, with
 * {@link DirectoryRoot}'s symbolic-link check against the location's directory; one in a jar is
 * read through the class loader, with a SHA-256 of its content as entity-tag — a jar's
 * timestamps may be fixed by reproducible builds and say nothing — computed on first use and
 * kept, as a jar does not change while the app runs.
 *
 * @param location the location, without leading or trailing {@code /} (empty for the root)
 * @param loader the class loader to look in
 * @param digests what is known of each jar resource served so far, by URL
 */
record ClasspathRoot(String location, ClassLoader loader, Map<String, Digest> digests) implements Root {

    /** Size and entity-tag of a jar resource, from one read of it. */
    record Digest(long size, String etag) {
    }

    ClasspathRoot(String location, ClassLoader loader) {
        this(location, loader, new ConcurrentHashMap<>());
    }

    /** Whether anything exists at the location itself (a directory entry, or a resource below it). */
    boolean exists() {
        return location.isEmpty() || loader.getResource(location) != null || loader.getResource(location + "/") != null;
    }

    @Override
    public Resource find(List<String> names) {
        String name = (location.isEmpty() ? "" : location + "/") + String.join("/", names);
        URL url = loader.getResource(name);
        if (url == null) {
            return null;
        }
        try {
            if (url.getProtocol().equals("file")) {
                Path file = Path.of(url.toURI());
                Path base = file;
                for (int i = 0; i < names.size(); i++) {
                    base = base.getParent(); // the location's directory in this class path entry
                }
                return new DirectoryRoot(base).find(names);
            }
            URLConnection connection = url.openConnection();
            if (connection instanceof JarURLConnection jar && jar.getJarEntry().isDirectory()) {
                return null;
            }
            Digest digest = digests.get(url.toExternalForm());
            if (digest == null) {
                digest = digest(connection);
                digests.put(url.toExternalForm(), digest); // two racing first reads compute the same
            }
            long modified = connection.getLastModified(); // of the jar file: it changes with each build
            return new ClasspathResource(url, names.get(names.size() - 1), digest.size(),
                    modified > 0 ? modified / 1000 : -1, digest.etag());
        } catch (IOException | URISyntaxException | IllegalArgumentException | FileSystemNotFoundException
                | SecurityException unreadable) {
            return null;
        }
    }

    @Override
    public String toString() {
        return "classpath:" + location;
    }

    private static Digest digest(URLConnection connection) throws IOException {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("every JDK has SHA-256", impossible);
        }
        long size;
        try (InputStream in = new DigestInputStream(connection.getInputStream(), sha256)) {
            size = in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        byte[] hash = sha256.digest();
        String tag = Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(hash, 18));
        return new Digest(size, "\"" + tag + "\"");
    }
}
