package io.veloce.middleware;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Client text in a log line stays on its line and inside its quotes. */
class LogTextTest {

    @Test
    void plainTextIsKeptAsIs() {
        String path = "/items/42";
        assertThat(LogText.of(path)).isSameAs(path);
        assertThat(LogText.of(null)).isEqualTo("(none)");
    }

    @Test
    void lineBreaksAndOtherControlsCannotStartAForgedLine() {
        assertThat(LogText.of("/a\nINFO forged\r\u0085\u2028\u2029\u0000")).isEqualTo("/a?INFO forged?????");
    }

    @Test
    void bidirectionalOverridesCannotTurnTheLineAround() {
        assertThat(LogText.of("/x\u202Egnp.exe")).isEqualTo("/x?gnp.exe");
    }

    @Test
    void quotesAndBackslashesAreEscapedSoAQuotedFieldCannotBeClosedEarly() {
        assertThat(LogText.of("/a\" 200 99 B")).isEqualTo("/a\\\" 200 99 B");
        assertThat(LogText.of("\\")).isEqualTo("\\\\");
    }

    @Test
    void longTextIsCut() {
        assertThat(LogText.of("x".repeat(500))).hasSize(203).endsWith("...");
    }
}
