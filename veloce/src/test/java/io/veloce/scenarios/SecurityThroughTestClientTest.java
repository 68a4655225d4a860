package io.veloce.scenarios;

import io.veloce.Veloce;

/** The security scenarios in memory, through {@code app.testClient()}. */
class SecurityThroughTestClientTest extends SecurityScenarios {

    @Override
    HttpDriver httpDriver(Veloce app) {
        return new TestClientDriver(app);
    }

    @Override
    WebSocketDriver webSocketDriver(Veloce app) {
        return new TestClientWebSocketDriver(app);
    }
}
