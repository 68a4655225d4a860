package io.veloce.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A small site on disk for the static-file tests: {@code parent/secret.txt} and
 * {@code parent/.env} sit next to the served root {@code parent/public}, so a traversal that
 * worked would serve them, and the root holds the files a site usually has, hidden ones too.
 *
 * @param root the directory to serve
 */
public record StaticSite(Path root) {

    /** Text of the file outside the root that no request may ever see. */
    public static final String SECRET = "TOP SECRET: outside the root";

    /**
     * Paths (relative to a mount at {@code /static/}, as sent on the wire, not normalised) that try
     * to leave the root or read what is private; each must be a 404 that shows nothing.
     */
    public static final List<String> TRAVERSALS = List.of(
            "../secret.txt",                      // plain dot-dot
            "%2e%2e/secret.txt",                  // percent-encoded dots
            "%2E%2E/secret.txt",                  // upper-case escapes
            ".%2e/secret.txt",                    // half encoded
            "..%2fsecret.txt",                    // encoded slash
            "%2e%2e%2f%2e%2e%2fsecret.txt",       // everything encoded
            "..%5csecret.txt",                    // encoded backslash
            "%2e%2e%5csecret.txt",                // encoded dots and backslash
            "..\\secret.txt",                     // raw backslash
            "%252e%252e/secret.txt",              // double encoding: must not be decoded twice
            "%c0%ae%c0%ae/secret.txt",            // overlong UTF-8 for '.'
            "%u002e%u002e/secret.txt",            // IIS-style %u escapes
            "docs/../../secret.txt",              // dot-dot after a real directory
            "..;/secret.txt",                     // Tomcat-style path parameter
            "/etc/passwd",                        // absolute path (//etc/passwd after the prefix)
            "%2fetc%2fpasswd",                    // absolute path, encoded
            "notes.txt%00.html",                  // NUL byte
            "C:%5cWindows%5cwin.ini",             // Windows drive letter
            "C:/Windows/win.ini",                 // drive letter with forward slashes
            "c:secret.txt",                       // drive-relative path
            ".env",                               // hidden file in the root
            ".git/config",                        // hidden directory
            "docs/.htaccess",                     // hidden file below
            "escape/secret.txt",                  // symbolic link to a directory outside the root
            "outside.txt");                       // symbolic link to a file outside the root

    /** Creates the site below {@code parent}. */
    public static StaticSite create(Path parent) throws IOException {
        Files.writeString(parent.resolve("secret.txt"), SECRET);
        Files.writeString(parent.resolve(".env"), SECRET);
        Path root = Files.createDirectories(parent.resolve("public"));
        write(root, "index.html", "<h1>home</h1>");
        write(root, "app.js", "console.log('hi');");
        write(root, "style.css", "body { color: red }");
        write(root, "data.json", "{\"a\":1}");
        write(root, "notes.txt", "0123456789abcdefghij");
        write(root, "README", "no extension");
        write(root, "empty.txt", "");
        write(root, "docs/index.html", "<h1>docs</h1>");
        write(root, "docs/guide.html", "<h1>guide</h1>");
        write(root, "docs/.htaccess", SECRET);
        write(root, ".env", SECRET);
        write(root, ".git/config", SECRET);
        Files.createDirectories(root.resolve("empty"));
        Files.createSymbolicLink(root.resolve("escape"), parent);
        Files.createSymbolicLink(root.resolve("outside.txt"), parent.resolve("secret.txt"));
        Files.createSymbolicLink(root.resolve("latest.txt"), root.resolve("notes.txt")); // inside: served
        return new StaticSite(root);
    }

    private static void write(Path root, String name, String text) throws IOException {
        Path file = root.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }
}
