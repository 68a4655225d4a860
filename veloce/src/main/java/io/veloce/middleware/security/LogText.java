package io.veloce.middleware.security;

/** Client-sent text made safe for a log line. */
final class LogText {

    private static final int MAX = 200;

    private LogText() {
    }

    /**
     * Returns {@code text} with control characters replaced by {@code ?} and cut at 200
     * characters: a decoded path may hold {@code %0A}, which would otherwise forge log lines.
     */
    static String of(String text) {
        StringBuilder out = new StringBuilder(Math.min(text.length(), MAX + 3));
        for (int i = 0; i < text.length() && i < MAX; i++) {
            char c = text.charAt(i);
            out.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        return text.length() > MAX ? out.append("...").toString() : out.toString();
    }
}
