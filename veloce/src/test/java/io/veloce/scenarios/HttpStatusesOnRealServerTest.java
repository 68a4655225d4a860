package io.veloce.scenarios;

import io.veloce.Veloce;

/** The status scenarios over loopback against the Netty server. */
class HttpStatusesOnRealServerTest extends HttpStatusScenarios {

    @Override
    HttpDriver driver(Veloce app) {
        return new ServerDriver(app);
    }
}
