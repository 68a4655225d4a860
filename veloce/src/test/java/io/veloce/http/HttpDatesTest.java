package io.veloce.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** HTTP dates: written as IMF-fixdate, read in the three formats RFC 9110 allows. */
class HttpDatesTest {

    private static final long SUNDAY = Instant.parse("1994-11-06T08:49:37Z").getEpochSecond();

    @Test
    void aSingleDigitDayIsWrittenWithTwoDigits() {
        assertThat(HttpDates.format(SUNDAY)).isEqualTo("Sun, 06 Nov 1994 08:49:37 GMT");
    }

    @Test
    void allThreeFormatsAreRead() {
        assertThat(HttpDates.parse("Sun, 06 Nov 1994 08:49:37 GMT")).isEqualTo(SUNDAY);
        assertThat(HttpDates.parse("Sunday, 06-Nov-94 08:49:37 GMT")).isEqualTo(SUNDAY);
        assertThat(HttpDates.parse("Sun Nov  6 08:49:37 1994")).isEqualTo(SUNDAY);
        assertThat(HttpDates.parse("yesterday")).isNull();
    }

    @Test
    void aCookiesExpiresIsAnHttpDate() {
        String header = Cookies.setCookie("id", "1", CookieOptions.defaults().maxAge(java.time.Duration.ofDays(1)));
        assertThat(header).matches(".*; Expires=[A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT.*");
    }
}
