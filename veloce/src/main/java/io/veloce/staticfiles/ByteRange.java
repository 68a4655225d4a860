package io.veloce.staticfiles;

/**
 * A single byte range of a {@code Range: bytes=...} header (RFC 9110 §14.1.2), resolved against
 * the file's size: {@code first-last}, {@code first-} or {@code -suffixLength}.
 *
 * <p>Several ranges in one header are not served as {@code multipart/byteranges}: the request
 * gets the whole file with 200, which RFC 9110 allows (a server may ignore {@code Range}) and
 * which every client handles. So does a header that does not parse or uses another unit.
 *
 * @param first the first byte's offset
 * @param last the last byte's offset, inclusive
 */
record ByteRange(long first, long last) {

    /** The header asks for bytes the file does not have: 416. */
    static final ByteRange UNSATISFIABLE = new ByteRange(-1, -1);

    private static final long TOO_LARGE = Long.MAX_VALUE;

    /** Returns the number of bytes in the range. */
    long length() {
        return last - first + 1;
    }

    /**
     * Resolves {@code header} against {@code size}.
     *
     * @return the range, {@link #UNSATISFIABLE}, or {@code null} to send the whole file
     */
    static ByteRange parse(String header, long size) {
        String value = header.trim();
        if (!value.regionMatches(true, 0, "bytes=", 0, 6)) {
            return null;
        }
        String spec = value.substring(6).trim();
        int dash = spec.indexOf('-');
        if (dash < 0 || spec.indexOf(',') >= 0) {
            return null; // malformed, or several ranges: the whole file
        }
        String firstText = spec.substring(0, dash).trim();
        String lastText = spec.substring(dash + 1).trim();
        if (firstText.isEmpty()) {
            long suffix = digits(lastText);
            if (suffix < 0) {
                return null;
            }
            if (suffix == 0 || size == 0) {
                return UNSATISFIABLE;
            }
            return new ByteRange(Math.max(0, size - suffix), size - 1);
        }
        long first = digits(firstText);
        long last = lastText.isEmpty() ? TOO_LARGE : digits(lastText);
        if (first < 0 || last < 0 || last < first) {
            return null; // RFC 9110: a last position before the first makes the header invalid
        }
        if (first >= size) {
            return UNSATISFIABLE;
        }
        return new ByteRange(first, Math.min(last, size - 1));
    }

    /** A run of ASCII digits as a number ({@link #TOO_LARGE} past 18 digits), or -1 when it is not one. */
    private static long digits(String text) {
        if (text.isEmpty()) {
            return -1;
        }
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return -1;
            }
        }
        return text.length() > 18 ? TOO_LARGE : Long.parseLong(text);
    }
}
