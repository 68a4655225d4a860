package io.veloce.staticfiles;

import io.veloce.http.Headers;
import io.veloce.http.HttpDates;
import java.util.ArrayList;
import java.util.List;

/**
 * The conditional request headers of a {@code GET} or {@code HEAD}, evaluated in RFC 9110
 * §13.2.2's order: {@code If-Match}, else {@code If-Unmodified-Since} (412 when they fail); then
 * {@code If-None-Match}, else {@code If-Modified-Since} (304 when the client's copy is current).
 * A date header is ignored when the entity-tag header it stands in for is present, when it is not
 * a valid HTTP date, or when the file has no modification time.
 */
final class Preconditions {

    /** What the headers ask for. */
    enum Outcome {
        /** Send the file (or the range asked for). */
        PROCEED,
        /** 304 Not Modified. */
        NOT_MODIFIED,
        /** 412 Precondition Failed. */
        FAILED
    }

    private Preconditions() {
    }

    /**
     * @param etag the file's strong entity-tag, quoted
     * @param lastModified the file's modification time in epoch seconds, or -1 when unknown
     */
    static Outcome evaluate(Headers request, String etag, long lastModified) {
        String ifMatch = request.get("If-Match");
        if (ifMatch != null) {
            if (!anyMatches(ifMatch, etag, true)) {
                return Outcome.FAILED;
            }
        } else {
            Long unmodifiedSince = HttpDates.parse(request.get("If-Unmodified-Since"));
            if (unmodifiedSince != null && lastModified >= 0 && lastModified > unmodifiedSince) {
                return Outcome.FAILED;
            }
        }
        String ifNoneMatch = request.get("If-None-Match");
        if (ifNoneMatch != null) {
            return anyMatches(ifNoneMatch, etag, false) ? Outcome.NOT_MODIFIED : Outcome.PROCEED;
        }
        Long modifiedSince = HttpDates.parse(request.get("If-Modified-Since"));
        if (modifiedSince != null && lastModified >= 0 && lastModified <= modifiedSince) {
            return Outcome.NOT_MODIFIED;
        }
        return Outcome.PROCEED;
    }

    /**
     * Whether a {@code Range} may be honoured under {@code If-Range} (RFC 9110 §13.1.5): absent,
     * or naming the current representation by strong entity-tag or by its exact
     * {@code Last-Modified} date. Otherwise the client's partial copy is stale: send it all.
     */
    static boolean rangeAllowed(Headers request, String etag, long lastModified) {
        String ifRange = request.get("If-Range");
        if (ifRange == null) {
            return true;
        }
        String value = ifRange.trim();
        if (value.startsWith("\"") || value.startsWith("W/")) {
            return strongMatch(value, etag);
        }
        Long date = HttpDates.parse(value);
        return date != null && lastModified >= 0 && date == lastModified;
    }

    /** {@code *} or one of the listed entity-tags matching {@code etag}, strongly or weakly. */
    private static boolean anyMatches(String header, String etag, boolean strong) {
        if (header.trim().equals("*")) {
            return true; // the file exists
        }
        for (String tag : entityTags(header)) {
            if (strong ? strongMatch(tag, etag) : opaque(tag).equals(opaque(etag))) {
                return true;
            }
        }
        return false;
    }

    /** RFC 9110 §8.8.3.2: both strong and character for character the same. */
    private static boolean strongMatch(String tag, String etag) {
        return !tag.startsWith("W/") && tag.equals(etag);
    }

    private static String opaque(String tag) {
        return tag.startsWith("W/") ? tag.substring(2) : tag;
    }

    /** Splits a list of entity-tags; commas may appear inside the quotes, so it cannot just split on them. */
    static List<String> entityTags(String header) {
        List<String> tags = new ArrayList<>();
        int i = 0;
        while (i < header.length()) {
            char c = header.charAt(i);
            if (c == ' ' || c == '\t' || c == ',') {
                i++;
                continue;
            }
            int start = i;
            if (header.startsWith("W/", i)) {
                i += 2;
            }
            if (i >= header.length() || header.charAt(i) != '"') {
                return tags; // malformed from here on: what was read so far is all there is
            }
            int close = header.indexOf('"', i + 1);
            if (close < 0) {
                return tags;
            }
            tags.add(header.substring(start, close + 1));
            i = close + 1;
        }
        return tags;
    }
}
