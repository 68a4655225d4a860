package io.veloce.staticfiles;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Content types by file extension: a small table of the web's common types, which the app can
 * extend. Text types carry {@code charset=utf-8}, the encoding static text files are written in
 * today; anything unknown is {@code application/octet-stream}, which a browser downloads rather
 * than renders. Immutable.
 */
final class MediaTypes {

    static final String UNKNOWN = "application/octet-stream";

    private static final Map<String, String> COMMON = Map.ofEntries(
            Map.entry("html", "text/html"),
            Map.entry("htm", "text/html"),
            Map.entry("css", "text/css"),
            Map.entry("js", "text/javascript"), // RFC 9239; modules need a JavaScript type
            Map.entry("mjs", "text/javascript"),
            Map.entry("txt", "text/plain"),
            Map.entry("csv", "text/csv"),
            Map.entry("md", "text/markdown"),
            Map.entry("json", "application/json"), // UTF-8 by definition: no charset parameter
            Map.entry("map", "application/json"),
            Map.entry("webmanifest", "application/manifest+json"),
            Map.entry("xml", "application/xml"),
            Map.entry("wasm", "application/wasm"),
            Map.entry("pdf", "application/pdf"),
            Map.entry("zip", "application/zip"),
            Map.entry("gz", "application/gzip"),
            Map.entry("svg", "image/svg+xml"),
            Map.entry("png", "image/png"),
            Map.entry("jpg", "image/jpeg"),
            Map.entry("jpeg", "image/jpeg"),
            Map.entry("gif", "image/gif"),
            Map.entry("webp", "image/webp"),
            Map.entry("avif", "image/avif"),
            Map.entry("ico", "image/x-icon"),
            Map.entry("woff", "font/woff"),
            Map.entry("woff2", "font/woff2"),
            Map.entry("ttf", "font/ttf"),
            Map.entry("otf", "font/otf"),
            Map.entry("mp4", "video/mp4"),
            Map.entry("webm", "video/webm"),
            Map.entry("mp3", "audio/mpeg"),
            Map.entry("ogg", "audio/ogg"),
            Map.entry("wav", "audio/wav"));

    static final MediaTypes DEFAULTS = new MediaTypes(withCharsets(COMMON));

    private final Map<String, String> byExtension;

    private MediaTypes(Map<String, String> byExtension) {
        this.byExtension = byExtension;
    }

    /** Returns a copy where files ending in {@code .extension} are sent as {@code type}. */
    MediaTypes with(String extension, String type) {
        Map<String, String> copy = new HashMap<>(byExtension);
        copy.put(extension.toLowerCase(Locale.ROOT), withCharset(type));
        return new MediaTypes(Map.copyOf(copy));
    }

    /** Returns the content type for a file named {@code fileName}. */
    String forFile(String fileName) {
        int dot = fileName.lastIndexOf('.');
        if (dot < 0) {
            return UNKNOWN;
        }
        return byExtension.getOrDefault(fileName.substring(dot + 1).toLowerCase(Locale.ROOT), UNKNOWN);
    }

    private static Map<String, String> withCharsets(Map<String, String> types) {
        Map<String, String> result = new HashMap<>();
        types.forEach((extension, type) -> result.put(extension, withCharset(type)));
        return Map.copyOf(result);
    }

    /** {@code text/*} without a charset gets {@code ; charset=utf-8}. */
    static String withCharset(String type) {
        String lower = type.toLowerCase(Locale.ROOT);
        return lower.startsWith("text/") && !lower.contains("charset=") ? type + "; charset=utf-8" : type;
    }
}
