package io.veloce.scenarios;

import io.veloce.Veloce;

/** The WebSocket scenarios in memory, through {@code app.testClient()}. */
class WebSocketsThroughTestClientTest extends WebSocketScenarios {

    @Override
    WebSocketDriver driver(Veloce app) {
        return new TestClientWebSocketDriver(app);
    }
}
