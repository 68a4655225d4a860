package io.veloce.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.veloce.routing.RouteMatch.Outcome;
import org.junit.jupiter.api.Test;

class RouteTableTest {

    private final RouteTable<String> table = new RouteTable<>();

    @Test
    void literalPathsAreFoundByExactMatch() {
        table.add("GET", "/items", "list");
        table.add("GET", "/", "root");
        assertThat(table.find("GET", "/items").target()).isEqualTo("list");
        assertThat(table.find("GET", "/").target()).isEqualTo("root");
        assertThat(table.find("GET", "/other").outcome()).isEqualTo(Outcome.NOT_FOUND);
    }

    @Test
    void literalLookupReturnsAPrecomputedMatchSoItAllocatesNothing() {
        table.add("GET", "/api/v1/items", "items");
        assertThat(table.find("GET", "/api/v1/items")).isSameAs(table.find("GET", "/api/v1/items"));
    }

    @Test
    void parametersCaptureWholeSegments() {
        table.add("GET", "/users/{id}/posts/{post}", "post");
        RouteMatch<String> match = table.find("GET", "/users/42/posts/7");
        assertThat(match.target()).isEqualTo("post");
        assertThat(match.template()).isEqualTo("/users/{id}/posts/{post}");
        assertThat(match.params().asMap()).containsExactly(
                java.util.Map.entry("id", "42"), java.util.Map.entry("post", "7"));
    }

    @Test
    void literalSegmentsWinOverParameters() {
        table.add("GET", "/users/{id}", "user");
        table.add("GET", "/users/me", "me");
        assertThat(table.find("GET", "/users/me").target()).isEqualTo("me");
        assertThat(table.find("GET", "/users/42").target()).isEqualTo("user");
    }

    @Test
    void aLiteralBranchThatLeadsNowhereFallsBackToTheParameter() {
        table.add("GET", "/users/new/edit", "edit-form");
        table.add("GET", "/users/{id}", "user");
        RouteMatch<String> match = table.find("GET", "/users/new");
        assertThat(match.target()).isEqualTo("user");
        assertThat(match.params().get("id")).isEqualTo("new");
    }

    @Test
    void parametersNeverMatchAnEmptySegment() {
        table.add("GET", "/items/{id}", "item");
        assertThat(table.find("GET", "/items/").outcome()).isEqualTo(Outcome.NOT_FOUND);
    }

    @Test
    void trailingSlashMakesADifferentPath() {
        table.add("GET", "/items", "no-slash");
        table.add("GET", "/folders/", "slash");
        assertThat(table.find("GET", "/items/").outcome()).isEqualTo(Outcome.NOT_FOUND);
        assertThat(table.find("GET", "/folders").outcome()).isEqualTo(Outcome.NOT_FOUND);
        assertThat(table.find("GET", "/folders/").target()).isEqualTo("slash");
    }

    @Test
    void segmentsArePercentDecodedOneByOneSoAnEncodedSlashStaysInItsSegment() {
        table.add("GET", "/files/{name}", "file");
        table.add("GET", "/caf\u00e9", "cafe");
        assertThat(table.find("GET", "/files/a%2Fb").params().get("name")).isEqualTo("a/b");
        assertThat(table.find("GET", "/files/a%20b+c").params().get("name")).isEqualTo("a b+c");
        assertThat(table.find("GET", "/caf%C3%A9").target()).isEqualTo("cafe");
    }

    @Test
    void malformedPercentEncodingIsRejected() {
        table.add("GET", "/files/{name}", "file");
        assertThatThrownBy(() -> table.find("GET", "/files/%zz")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("malformed percent-encoding");
        assertThatThrownBy(() -> table.find("GET", "/files/%C3%28")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not valid UTF-8");
    }

    @Test
    void aKnownPathWithAnotherMethodIsMethodNotAllowedWithTheAllowList() {
        table.add("GET", "/items/{id}", "get");
        table.add("DELETE", "/items/{id}", "delete");
        RouteMatch<String> match = table.find("POST", "/items/3");
        assertThat(match.outcome()).isEqualTo(Outcome.METHOD_NOT_ALLOWED);
        assertThat(match.allow()).isEqualTo("GET, HEAD, DELETE");
    }

    @Test
    void headFallsBackToGetUnlessAHeadRouteExists() {
        table.add("GET", "/a", "get-a");
        table.add("GET", "/b", "get-b");
        table.add("HEAD", "/b", "head-b");
        assertThat(table.find("HEAD", "/a").target()).isEqualTo("get-a");
        assertThat(table.find("HEAD", "/b").target()).isEqualTo("head-b");
    }

    @Test
    void theSameMethodAndShapeTwiceIsRejectedNamingBothRoutes() {
        table.add("GET", "/items/{id}", "first");
        assertThatThrownBy(() -> table.add("GET", "/items/{key}", "second"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("route GET /items/{key} conflicts with GET /items/{id}, registered earlier: "
                        + "both match exactly the same paths");
        assertThatThrownBy(() -> table.add("GET", "/items/{id}", "again")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void otherMethodsMayNameTheSameParameterDifferently() {
        table.add("GET", "/items/{id}", "get");
        table.add("DELETE", "/items/{itemId}", "delete");
        assertThat(table.find("DELETE", "/items/5").params().get("itemId")).isEqualTo("5");
        assertThat(table.find("GET", "/items/5").params().get("id")).isEqualTo("5");
    }

    @Test
    void malformedTemplatesAreRejectedAtRegistration() {
        assertThatThrownBy(() -> table.add("GET", "items", "x")).hasMessageContaining("must start with '/'");
        assertThatThrownBy(() -> table.add("GET", "/items/id{x}", "x")).hasMessageContaining("whole segment");
        assertThatThrownBy(() -> table.add("GET", "/a/{1x}", "x")).hasMessageContaining("invalid path parameter name");
        assertThatThrownBy(() -> table.add("GET", "/a/{x}/{x}", "x")).hasMessageContaining("appears twice");
        assertThatThrownBy(() -> table.add("GET", "/a/{}", "x")).hasMessageContaining("invalid path parameter name");
    }

    @Test
    void aCatchAllCapturesTheRestOfThePathAcrossSlashes() {
        table.add("GET", "/files/{path...}", "files");
        assertThat(table.find("GET", "/files/a/b.txt").params().get("path")).isEqualTo("a/b.txt");
        assertThat(table.find("GET", "/files/docs/").params().get("path")).isEqualTo("docs/");
        assertThat(table.find("GET", "/files/").params().get("path")).isEmpty();
        assertThat(table.find("GET", "/files").outcome()).isEqualTo(Outcome.NOT_FOUND);
    }

    @Test
    void aCatchAllAtTheRootMatchesEveryPathIncludingTheRoot() {
        table.add("GET", "/{path...}", "site");
        assertThat(table.find("GET", "/").params().get("path")).isEmpty();
        assertThat(table.find("GET", "/a/b").params().get("path")).isEqualTo("a/b");
    }

    @Test
    void literalsAndParametersWinOverACatchAllWhichTakesWhatTheyLeave() {
        table.add("GET", "/files/{path...}", "files");
        table.add("GET", "/files/index", "index");
        table.add("GET", "/files/{id}/meta", "meta");
        assertThat(table.find("GET", "/files/index").target()).isEqualTo("index");
        assertThat(table.find("GET", "/files/7/meta").target()).isEqualTo("meta");
        RouteMatch<String> fallback = table.find("GET", "/files/7/other");
        assertThat(fallback.target()).isEqualTo("files");
        assertThat(fallback.params().get("path")).isEqualTo("7/other");
    }

    @Test
    void aCatchAllFollowsParametersAndKeepsThem() {
        table.add("GET", "/sites/{site}/{path...}", "site file");
        RouteMatch<String> match = table.find("GET", "/sites/blog/css/a.css");
        assertThat(match.params().asMap()).containsExactly(
                java.util.Map.entry("site", "blog"), java.util.Map.entry("path", "css/a.css"));
    }

    @Test
    void aCatchAllDecodesSegmentBySegmentAndNeverTwice() {
        table.add("GET", "/files/{path...}", "files");
        assertThat(table.find("GET", "/files/a%20b/%252e%252e").params().get("path")).isEqualTo("a b/%2e%2e");
        assertThat(table.find("GET", "/files/..%2Fsecret").params().get("path")).isEqualTo("../secret");
    }

    @Test
    void aMalformedEscapeBelowACatchAllIsNotFoundButStillRejectedElsewhere() {
        table.add("GET", "/files/{path...}", "files");
        table.add("GET", "/items/{id}", "item");
        assertThat(table.find("GET", "/files/%c0%ae%c0%ae/secret").outcome()).isEqualTo(Outcome.NOT_FOUND);
        assertThat(table.find("GET", "/files/%zz").outcome()).isEqualTo(Outcome.NOT_FOUND);
        assertThatThrownBy(() -> table.find("GET", "/items/%c0%ae")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> table.find("GET", "/fil%zz/x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aCatchAllAnswersOtherMethodsWithMethodNotAllowed() {
        table.add("GET", "/files/{path...}", "files");
        RouteMatch<String> match = table.find("DELETE", "/files/a.txt");
        assertThat(match.outcome()).isEqualTo(Outcome.METHOD_NOT_ALLOWED);
        assertThat(match.allow()).isEqualTo("GET, HEAD");
        assertThat(table.find("HEAD", "/files/a.txt").target()).isEqualTo("files");
    }

    @Test
    void aCatchAllMustBeLastAndUniquePerMethodAndPrefix() {
        assertThatThrownBy(() -> table.add("GET", "/a/{rest...}/b", "x")).hasMessageContaining("must be the last segment");
        assertThatThrownBy(() -> table.add("GET", "/a/{...}", "x")).hasMessageContaining("invalid path parameter name");
        table.add("GET", "/a/{rest...}", "first");
        assertThatThrownBy(() -> table.add("GET", "/a/{other...}", "second")).hasMessageContaining("conflicts with");
    }
}
