package io.veloce.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Secret comparison: equal only when equal, never for null, whatever the lengths. */
class SecretsTest {

    @Test
    void comparesWholeValues() {
        assertThat(Secrets.constantTimeEquals("s3cret", "s3cret")).isTrue();
        assertThat(Secrets.constantTimeEquals("s3cret", "s3cre")).isFalse();
        assertThat(Secrets.constantTimeEquals("s3cret", "s3cret!")).isFalse();
        assertThat(Secrets.constantTimeEquals("", "")).isTrue();
        assertThat(Secrets.constantTimeEquals(null, "x")).isFalse();
        assertThat(Secrets.constantTimeEquals("x", null)).isFalse();
    }

    @Test
    void matchesAnyOfSeveral() {
        assertThat(Secrets.matchesAny("b", List.of("a", "b", "c"))).isTrue();
        assertThat(Secrets.matchesAny("d", List.of("a", "b", "c"))).isFalse();
        assertThat(Secrets.matchesAny("a", List.of())).isFalse();
    }

    @Test
    void basicCredentialsNeverPrintThePassword() {
        assertThat(new BasicCredentials("ada", "hunter2").toString()).doesNotContain("hunter2").contains("ada");
    }
}
