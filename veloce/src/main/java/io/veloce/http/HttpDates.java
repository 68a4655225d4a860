package io.veloce.http;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.List;
import java.util.Locale;

/**
 * HTTP dates (RFC 9110 §5.6.7): written as IMF-fixdate ({@code Sun, 06 Nov 1994 08:49:37 GMT}),
 * read in all three formats the RFC allows. For {@code Date}, {@code Last-Modified},
 * {@code Expires} and conditional-request headers.
 */
public final class HttpDates {

    /** {@code Sun, 06 Nov 1994 08:49:37 GMT}: two-digit days, unlike {@code RFC_1123_DATE_TIME}. */
    private static final DateTimeFormatter IMF_FIXDATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);
    /** {@code Sunday, 06-Nov-94 08:49:37 GMT}, the obsolete RFC 850 format. */
    private static final DateTimeFormatter RFC_850 = new DateTimeFormatterBuilder()
            .appendPattern("EEEE, dd-MMM-")
            .appendValueReduced(ChronoField.YEAR, 2, 2, 1970)
            .appendPattern(" HH:mm:ss 'GMT'")
            .toFormatter(Locale.US);
    /** {@code Sun Nov  6 08:49:37 1994}, C's asctime. */
    private static final DateTimeFormatter ASCTIME = DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.US);
    private static final List<DateTimeFormatter> OBSOLETE = List.of(RFC_850, ASCTIME);

    private HttpDates() {
    }

    /**
     * Formats {@code epochSeconds} as an IMF-fixdate.
     *
     * @param epochSeconds seconds since 1970-01-01T00:00:00Z
     * @return for example {@code Sun, 06 Nov 1994 08:49:37 GMT}
     */
    public static String format(long epochSeconds) {
        return IMF_FIXDATE.format(Instant.ofEpochSecond(epochSeconds));
    }

    /**
     * Reads an HTTP date in any of the three formats.
     *
     * @param text a header value, or {@code null}
     * @return the date in epoch seconds, or {@code null} when {@code text} is not an HTTP date (a
     *     header that should then be ignored)
     */
    public static Long parse(String text) {
        if (text == null) {
            return null;
        }
        String trimmed = text.trim();
        try {
            return Instant.from(IMF_FIXDATE.parse(trimmed)).getEpochSecond();
        } catch (DateTimeParseException notFixdate) {
            for (DateTimeFormatter format : OBSOLETE) {
                try {
                    return LocalDateTime.parse(trimmed, format).toEpochSecond(ZoneOffset.UTC);
                } catch (DateTimeParseException notThisOne) {
                    // try the next format
                }
            }
            return null;
        }
    }
}
