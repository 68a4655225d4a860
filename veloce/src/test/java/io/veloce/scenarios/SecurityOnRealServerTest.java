package io.veloce.scenarios;

import io.veloce.Veloce;
import io.veloce.testsupport.LeakCheck;
import org.junit.jupiter.api.extension.ExtendWith;

/** The security scenarios over loopback against the Netty server. */
@ExtendWith(LeakCheck.class)
class SecurityOnRealServerTest extends SecurityScenarios {

    @Override
    HttpDriver httpDriver(Veloce app) {
        return new ServerDriver(app);
    }

    @Override
    WebSocketDriver webSocketDriver(Veloce app) {
        return new ServerWebSocketDriver(app);
    }
}
