package io.veloce.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.veloce.testsupport.LogCapture;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** One WARN when the first connection is lost, one INFO when the last is back, with what each said. */
class OutageTest {

    @Test
    void theInfoCarriesTheDetailOfAConnectionThatCameBackBeforeTheLast() {
        try (LogCapture log = LogCapture.info("test.outage")) {
            Outage outage = new Outage(LoggerFactory.getLogger("test.outage"), "lost", "back");
            Object publisher = new Object();
            Object subscriber = new Object();
            outage.lost(publisher, "connection reset");
            outage.lost(subscriber, "connection reset");
            outage.back(subscriber, "; 2 channel(s) subscribed again"); // back first, so it does not log
            outage.back(publisher, "");

            assertThat(log.lines("WARN")).containsExactly("WARN lost (connection reset)");
            assertThat(log.lines("INFO")).singleElement().asString()
                    .startsWith("INFO back after ").endsWith(" s; 2 channel(s) subscribed again");
        }
    }
}
