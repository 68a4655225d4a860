package io.veloce.scenarios;

import io.veloce.Veloce;

/** The dependency scenarios in memory, through {@code app.testClient()}. */
class DependenciesThroughTestClientTest extends DependencyScenarios {

    @Override
    HttpDriver httpDriver(Veloce app) {
        return new TestClientDriver(app);
    }

    @Override
    WebSocketDriver webSocketDriver(Veloce app) {
        return new TestClientWebSocketDriver(app);
    }
}
