package io.veloce.middleware;

/**
 * Makes client-chosen text safe to put in a log line: a decoded path, a {@code Host} or
 * {@code Origin} value, a forwarded client address. Control characters (C0, DEL, C1), the
 * Unicode line and paragraph separators and the bidirectional overrides become {@code ?} (a path
 * may carry {@code %0A}, which would otherwise start a forged log line, or {@code %E2%80%AE},
 * which would make a terminal show it backwards); {@code "} and {@code \} are escaped as
 * {@code \"} and {@code \\}, so a quoted field cannot be closed early; the text is cut at 200
 * characters. Every middleware Veloce ships logs client text through it; use it in your own.
 */
public final class LogText {

    private static final int MAX = 200;

    private LogText() {
    }

    /**
     * Returns {@code text} made safe as the class describes; {@code "(none)"} for {@code null}.
     *
     * @param text client-chosen text, or {@code null}
     * @return text that stays on one line and inside its quotes
     */
    public static String of(String text) {
        if (text == null) {
            return "(none)";
        }
        if (isPlain(text)) {
            return text; // the common case: nothing to copy
        }
        StringBuilder out = new StringBuilder(Math.min(text.length(), MAX) + 8);
        for (int i = 0; i < text.length() && i < MAX; i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else {
                out.append(unsafe(c) ? '?' : c);
            }
        }
        return text.length() > MAX ? out.append("...").toString() : out.toString();
    }

    private static boolean isPlain(String text) {
        if (text.length() > MAX) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\' || unsafe(c)) {
                return false;
            }
        }
        return true;
    }

    private static boolean unsafe(char c) {
        return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0x2028 || c == 0x2029
                || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) || c == 0x200e || c == 0x200f;
    }
}
