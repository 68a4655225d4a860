package io.veloce.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.veloce.testing.TestClient;
import io.veloce.testing.TestResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HelloAppTest {

    @Test
    void greetsByName() {
        try (TestClient client = HelloApp.create().testClient()) {
            assertThat(client.get("/hello/Ada").json().get("message").asText()).isEqualTo("Hello, Ada!");
        }
    }

    @Test
    void createsAndReadsItems() {
        try (TestClient client = HelloApp.create().testClient()) {
            TestResponse created = client.post("/items", r -> r.json(Map.of("name", "widget")));
            assertThat(created.status()).isEqualTo(201);
            HelloApp.Item item = created.json(HelloApp.Item.class);
            assertThat(client.get("/items/" + item.id()).json(HelloApp.Item.class)).isEqualTo(item);
            assertThat(client.get("/items/999").status()).isEqualTo(404);
            assertThat(client.get("/items/abc").status()).isEqualTo(422);
        }
    }

    @Test
    void rejectsBlankNames() {
        try (TestClient client = HelloApp.create().testClient()) {
            assertThat(client.post("/items", r -> r.json(Map.of("name", " "))).status()).isEqualTo(422);
            assertThat(client.post("/items", r -> r.text("{not json")).status()).isEqualTo(400);
        }
    }
}
