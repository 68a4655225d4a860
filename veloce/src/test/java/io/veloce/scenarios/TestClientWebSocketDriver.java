package io.veloce.scenarios;

import io.veloce.Veloce;
import io.veloce.testing.TestClient;
import io.veloce.testing.WebSocketDenied;
import io.veloce.testing.WebSocketTestSession;
import io.veloce.websocket.WebSocketDisconnect;
import io.veloce.websocket.WebSocketMessage;
import java.util.List;
import java.util.Map;

/** Opens WebSockets through {@code app.testClient()}; handler exceptions are not re-thrown. */
final class TestClientWebSocketDriver implements WebSocketDriver {

    private final TestClient client;

    TestClientWebSocketDriver(Veloce app) {
        this.client = app.testClient().raiseServerExceptions(false);
    }

    @Override
    public Peer connect(String path, Map<String, String> headers, List<String> subprotocols) {
        WebSocketTestSession session;
        try {
            session = client.websocketConnect(path, r -> {
                headers.forEach(r::header);
                if (!subprotocols.isEmpty()) {
                    r.subprotocols(subprotocols.toArray(String[]::new));
                }
            });
        } catch (WebSocketDisconnect refused) {
            throw new Refused(403, refused.code());
        } catch (WebSocketDenied denied) {
            throw new Refused(denied.status(), -1);
        }
        return new Peer() {
            @Override
            public void sendText(String text) {
                session.sendText(text);
            }

            @Override
            public void sendBytes(byte[] bytes) {
                session.sendBytes(bytes);
            }

            @Override
            public Object receive() {
                return switch (session.receive()) {
                    case WebSocketMessage.Text text -> text.text();
                    case WebSocketMessage.Binary binary -> binary.bytes();
                };
            }

            @Override
            public String subprotocol() {
                return session.subprotocol();
            }

            @Override
            public void close(int code, String reason) {
                session.close(code, reason);
            }
        };
    }

    @Override
    public void close() {
        client.close();
    }
}
