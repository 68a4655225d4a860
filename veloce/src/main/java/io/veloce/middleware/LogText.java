package io.veloce.middleware;

/**
 * Makes client-chosen text safe to put in a log line: a decoded path, a {@code Host} or
 * {@code Origin} value. Control characters become {@code ?} (a path may carry {@code %0A}, which
 * would otherwise start a forged log line) and the text is cut at 200 characters. Every
 * middleware Veloce ships logs client text through it; use it in your own.
 */
public final class LogText {

    private static final int MAX = 200;

    private LogText() {
    }

    /**
     * Returns {@code text} with control characters replaced by {@code ?} and cut at 200
     * characters: a decoded path may hold {@code %0A}, which would otherwise forge log lines.
     */
    public static String of(String text) {
        if (text == null) {
            return "(none)";
        }
        StringBuilder out = new StringBuilder(Math.min(text.length(), MAX + 3));
        for (int i = 0; i < text.length() && i < MAX; i++) {
            char c = text.charAt(i);
            out.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        return text.length() > MAX ? out.append("...").toString() : out.toString();
    }
}
