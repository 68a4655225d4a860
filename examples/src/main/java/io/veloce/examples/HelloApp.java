package io.veloce.examples;

import io.veloce.Veloce;
import io.veloce.http.HttpException;
import io.veloce.http.Response;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A small JSON API on {@code http://127.0.0.1:8000} (the README's first command starts the chat;
 * run this one with {@code ./dev mvn -q -pl examples exec:java -Ddemo.main=io.veloce.examples.HelloApp}).
 * Try {@code curl 127.0.0.1:8000/hello/Ada} or {@code curl -X POST 127.0.0.1:8000/items -d '{"name":"widget"}'}.
 */
public final class HelloApp {

    /**
     * An item of the in-memory store.
     *
     * @param id the id the store gave it, from 1 up
     * @param name what the client called it, never blank
     */
    public record Item(long id, String name) {
    }

    /**
     * The body of {@code POST /items}.
     *
     * @param name the new item's name; a missing or blank one is answered 422
     */
    public record NewItem(String name) {
    }

    private HelloApp() {
    }

    /**
     * Builds the app (also used by the tests, through the in-memory test client).
     *
     * @return a new app with an empty store, not started
     */
    public static Veloce create() {
        Map<Long, Item> items = new ConcurrentHashMap<>();
        AtomicLong ids = new AtomicLong();
        Veloce app = new Veloce();
        app.get("/", req -> Response.html("""
                <!doctype html><title>Veloce</title>
                <h1>Veloce is running</h1>
                <p>Try <a href="/hello/Ada">/hello/Ada</a> or <a href="/items">/items</a>.</p>
                """));
        app.get("/hello/{name}", req -> Map.of("message", "Hello, " + req.pathParam("name") + "!"));
        app.get("/items", req -> List.copyOf(items.values()));
        app.get("/items/{id}", req -> {
            Item item = items.get(req.pathParam("id", Long.class));
            if (item == null) {
                throw new HttpException(404, "no item " + req.pathParam("id"));
            }
            return item;
        });
        app.post("/items", req -> {
            NewItem body = req.json(NewItem.class);
            if (body.name() == null || body.name().isBlank()) {
                throw new HttpException(422, "name must not be blank");
            }
            Item item = new Item(ids.incrementAndGet(), body.name());
            items.put(item.id(), item);
            return Response.json(item).status(201);
        });
        return app;
    }

    /**
     * Serves the app on 127.0.0.1:8000 (or the port given as the first argument).
     *
     * @param args nothing, or the port to listen on
     */
    public static void main(String[] args) {
        create().run(args.length > 0 ? Integer.parseInt(args[0]) : 8000);
    }
}
