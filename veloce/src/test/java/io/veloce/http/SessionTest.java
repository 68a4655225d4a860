package io.veloce.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.veloce.Veloce;
import io.veloce.testing.TestClient;
import io.veloce.testing.WebSocketTestSession;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The session map: reads, what counts as a change, the WebSocket's read-only view, and no session without middleware. */
class SessionTest {

    @Test
    void readsGiveTheValueOrNullOrTheDefault() {
        Session session = Session.of(Map.of("user", "ada"));
        assertThat(session.get("user")).isEqualTo("ada");
        assertThat(session.get("role")).isNull();
        assertThat(session.get("role", "guest")).isEqualTo("guest");
        assertThat(session.isEmpty()).isFalse();
        assertThat(session.isModified()).as("loading is no change").isFalse();
    }

    @Test
    void onlyRealChangesMarkTheSessionModified() {
        Session session = Session.of(Map.of("user", "ada"));
        session.put("user", "ada");
        session.remove("absent");
        assertThat(session.isModified()).as("same value, absent key").isFalse();
        session.put("user", "bob");
        assertThat(session.isModified()).isTrue();

        Session emptied = Session.of(Map.of("user", "ada"));
        emptied.clear();
        assertThat(emptied.isModified()).isTrue();
        assertThat(emptied.isEmpty()).isTrue();
        Session empty = Session.of(Map.of());
        empty.clear();
        assertThat(empty.isModified()).isFalse();
    }

    @Test
    void keysAreAnUnmodifiableSnapshotInInsertionOrder() {
        Session session = Session.of(Map.of()).put("b", "2").put("a", "1");
        var keys = session.keys();
        session.remove("b");
        assertThat(keys).containsExactly("b", "a");
        assertThatThrownBy(() -> keys.add("c")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void nullKeysAndValuesAreRefused() {
        Session session = Session.of(Map.of());
        assertThatThrownBy(() -> session.put("user", null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("remove");
        assertThatThrownBy(() -> session.put(null, "x")).isInstanceOf(NullPointerException.class);
    }

    @Test
    void toStringNamesTheKeysButNeverTheValues() {
        assertThat(Session.of(Map.of("token", "s3cret")).toString()).isEqualTo("Session[token]").doesNotContain("s3cret");
    }

    @Test
    void aReadOnlySessionRefusesChangesAndSaysWhy() {
        Session session = Session.readOnly(Map.of("user", "ada"));
        assertThat(session.get("user")).isEqualTo("ada");
        assertThatThrownBy(() -> session.put("user", "bob")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("WebSocket cannot set cookies").hasMessageContaining("HTTP route");
        assertThatThrownBy(() -> session.remove("user")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(session::clear).isInstanceOf(IllegalStateException.class);
        assertThat(session.get("user")).isEqualTo("ada");
    }

    @Test
    void withoutSessionMiddlewareThereIsNoSessionOnRequestsOrWebSockets() {
        Veloce app = new Veloce();
        app.get("/", req -> req.session());
        app.websocket("/ws", ws -> {
            ws.accept();
            try {
                ws.session();
            } catch (IllegalStateException expected) {
                ws.sendText(expected.getMessage());
            }
            ws.close();
        });
        try (TestClient client = app.testClient()) {
            assertThatThrownBy(() -> client.get("/")).isInstanceOf(IllegalStateException.class)
                    .hasMessage("no session: add SessionMiddleware to the app");
            try (WebSocketTestSession ws = client.websocketConnect("/ws")) {
                assertThat(ws.receiveText()).isEqualTo("no session: add SessionMiddleware to the app");
            }
        }
    }
}
