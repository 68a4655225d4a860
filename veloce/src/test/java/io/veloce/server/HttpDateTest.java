package io.veloce.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The Date header is RFC 9110's IMF-fixdate (see HttpDatesTest for the format itself). */
class HttpDateTest {

    @Test
    void theCurrentDateHasTheFixedShape() {
        assertThat(HttpDate.now().toString()).matches("[A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT");
    }
}
