package io.veloce.http;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads {@code Cookie} request headers and writes {@code Set-Cookie} response headers (RFC 6265). */
public final class Cookies {

    private Cookies() {
    }

    /**
     * Parses every {@code Cookie} header of a request into name → value (the first occurrence of
     * a name wins, surrounding double quotes are removed, malformed pairs are skipped).
     *
     * @param headers the request headers; every {@code Cookie} field is read, in order
     * @return an unmodifiable map, in the order the names first appear; empty (never {@code null})
     *     when there is no {@code Cookie} header or no well-formed pair. Values are not
     *     percent-decoded
     */
    public static Map<String, String> parse(Headers headers) {
        Map<String, String> cookies = null;
        for (String header : headers.getAll("Cookie")) {
            for (String pair : header.split(";")) {
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    continue;
                }
                String name = pair.substring(0, eq).trim();
                String value = pair.substring(eq + 1).trim();
                if (value.length() >= 2 && value.charAt(0) == '"' && value.charAt(value.length() - 1) == '"') {
                    value = value.substring(1, value.length() - 1);
                }
                if (!name.isEmpty() && isToken(name)) {
                    if (cookies == null) {
                        cookies = new LinkedHashMap<>();
                    }
                    cookies.putIfAbsent(name, value);
                }
            }
        }
        return cookies == null ? Map.of() : Collections.unmodifiableMap(cookies);
    }

    /**
     * Renders a {@code Set-Cookie} value.
     *
     * @param name the cookie name, an RFC 9110 token
     * @param value the value, possibly empty; must not be {@code null}
     * @param options the cookie's options, already merged with the app's defaults
     * @return the field value, for example {@code id=42; Path=/; HttpOnly}; with a
     *     {@code Max-Age} it also carries {@code Expires}, computed from the current time
     * @throws IllegalArgumentException when the name is not a token or the value has characters a
     *     cookie may not carry (whitespace, {@code "}, {@code ,}, {@code ;}, {@code \}, controls)
     */
    public static String setCookie(String name, String value, CookieOptions options) {
        if (name == null || name.isEmpty() || !isToken(name)) {
            throw new IllegalArgumentException("invalid cookie name: " + name);
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c <= 0x20 || c >= 0x7f || c == '"' || c == ',' || c == ';' || c == '\\') {
                throw new IllegalArgumentException("cookie " + name
                        + " value has a character cookies may not carry; encode it (e.g. Base64url)");
            }
        }
        StringBuilder out = new StringBuilder(64).append(name).append('=').append(value);
        if (options.maxAge() != null) {
            long seconds = options.maxAge().toSeconds();
            out.append("; Max-Age=").append(seconds).append("; Expires=")
                    .append(HttpDates.format(System.currentTimeMillis() / 1000 + seconds));
        }
        if (options.domain() != null) {
            out.append("; Domain=").append(options.domain());
        }
        if (options.path() != null) {
            out.append("; Path=").append(options.path());
        }
        if (Boolean.TRUE.equals(options.secure())) {
            out.append("; Secure");
        }
        if (Boolean.TRUE.equals(options.httpOnly())) {
            out.append("; HttpOnly");
        }
        if (options.sameSite() != null) {
            out.append("; SameSite=").append(options.sameSite().attribute());
        }
        return out.toString();
    }

    private static boolean isToken(String name) {
        for (int i = 0; i < name.length(); i++) {
            if (!Headers.isTokenChar(name.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
