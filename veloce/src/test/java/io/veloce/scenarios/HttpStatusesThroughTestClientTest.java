package io.veloce.scenarios;

import io.veloce.Veloce;

/** The status scenarios in memory, through {@code app.testClient()}. */
class HttpStatusesThroughTestClientTest extends HttpStatusScenarios {

    @Override
    HttpDriver driver(Veloce app) {
        return new TestClientDriver(app);
    }
}
