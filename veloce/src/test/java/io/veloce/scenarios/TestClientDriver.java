package io.veloce.scenarios;

import io.veloce.Veloce;
import io.veloce.testing.TestClient;
import io.veloce.testing.TestResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Drives the app through {@code app.testClient()}; server exceptions come back as 500s. */
final class TestClientDriver implements HttpDriver {

    private final TestClient client;

    TestClientDriver(Veloce app) {
        this.client = app.testClient().raiseServerExceptions(false);
    }

    @Override
    public Reply send(String method, String path, Map<String, String> headers, byte[] body) {
        TestResponse response = client.request(method, path, r -> {
            headers.forEach(r::header);
            if (body.length > 0) {
                r.body(body, headers.getOrDefault("Content-Type", "application/octet-stream"));
            }
        });
        Map<String, List<String>> replyHeaders = new LinkedHashMap<>();
        for (String name : response.headers().names()) {
            replyHeaders.put(name, response.headers().getAll(name));
        }
        return new Reply(response.status(), replyHeaders, response.text());
    }

    @Override
    public void close() {
        client.close();
    }
}
