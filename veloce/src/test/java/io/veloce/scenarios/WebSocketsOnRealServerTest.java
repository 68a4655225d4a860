package io.veloce.scenarios;

import io.veloce.Veloce;
import io.veloce.testsupport.LeakCheck;
import org.junit.jupiter.api.extension.ExtendWith;

/** The WebSocket scenarios over loopback: the Netty server and {@code java.net.http.WebSocket}. */
@ExtendWith(LeakCheck.class)
class WebSocketsOnRealServerTest extends WebSocketScenarios {

    @Override
    WebSocketDriver driver(Veloce app) {
        return new ServerWebSocketDriver(app);
    }
}
