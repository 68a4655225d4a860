package io.veloce.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class HeadersTest {

    @Test
    void namesAreCaseInsensitiveAndValuesKeepTheirOrder() {
        Headers headers = Headers.of("Accept", "text/html", "accept", "application/json");
        assertThat(headers.get("ACCEPT")).isEqualTo("text/html");
        assertThat(headers.getAll("Accept")).containsExactly("text/html", "application/json");
        assertThat(headers.names()).containsExactly("Accept");
        assertThat(headers.size()).isEqualTo(2);
    }

    @Test
    void setReplacesEveryValueAndRemoveDropsThemAll() {
        Headers headers = Headers.of("Vary", "Origin", "vary", "Accept");
        headers.set("VARY", "Cookie");
        assertThat(headers.getAll("vary")).containsExactly("Cookie");
        assertThat(headers.remove("Vary")).isTrue();
        assertThat(headers.isEmpty()).isTrue();
        assertThat(headers.remove("Vary")).isFalse();
    }

    @Test
    void containsTokenLooksInsideCommaSeparatedValues() {
        Headers headers = Headers.of("Connection", "keep-alive, Upgrade");
        assertThat(headers.containsToken("connection", "upgrade")).isTrue();
        assertThat(headers.containsToken("connection", "close")).isFalse();
    }

    @Test
    void invalidNamesAndInjectedLineBreaksAreRefused() {
        Headers headers = new Headers();
        assertThatThrownBy(() -> headers.add("Bad Name", "x")).hasMessageContaining("invalid character");
        assertThatThrownBy(() -> headers.add("", "x")).hasMessageContaining("must not be empty");
        assertThatThrownBy(() -> headers.add("X", "a\nb")).hasMessageContaining("CR, LF or NUL");
        assertThatThrownBy(() -> Headers.of("odd")).hasMessageContaining("odd count");
    }

    @Test
    void copiesAreIndependent() {
        Headers original = Headers.of("A", "1");
        Headers copy = original.copy().add("B", "2");
        assertThat(original.contains("B")).isFalse();
        assertThat(copy.getAll("A")).isEqualTo(List.of("1"));
    }

    @Test
    void queryParamsDecodeEveryForm() {
        QueryParams query = QueryParams.parse("a=1&b=x+y&a=2&flag&e=%E2%82%AC&&=skip");
        assertThat(query.getAll("a")).containsExactly("1", "2");
        assertThat(query.get("b")).isEqualTo("x y");
        assertThat(query.get("flag")).isEmpty();
        assertThat(query.get("e")).isEqualTo("\u20ac");
        assertThat(query.get("missing")).isNull();
        assertThat(QueryParams.parse(null).isEmpty()).isTrue();
        assertThatThrownBy(() -> QueryParams.parse("a=%zz")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void cookieHeadersAreParsedFirstNameWins() {
        Headers headers = Headers.of("Cookie", "a=1; b=\"two\"; a=3; junk; =x", "Cookie", "c=4");
        assertThat(Cookies.parse(headers)).containsExactly(
                java.util.Map.entry("a", "1"), java.util.Map.entry("b", "two"), java.util.Map.entry("c", "4"));
    }
}
