package io.veloce.bench;

import io.veloce.Server;
import io.veloce.ServerConfig;
import io.veloce.Veloce;
import io.veloce.di.Dependency;
import io.veloce.middleware.CORSMiddleware;
import io.veloce.middleware.RequestIDMiddleware;
import io.veloce.middleware.security.SecurityHeadersMiddleware;
import io.veloce.routing.Router;

/** The benchmark endpoints on Veloce, written as a user would. Args: port. */
public final class VeloceBenchServer {

    private VeloceBenchServer() {
    }

    /**
     * Builds the benchmark app.
     *
     * @return a new app, not started, with {@code /plaintext}, {@code /json},
     *     {@code /plaintext-deps} and {@code /mw/plaintext}
     */
    public static Veloce app() {
        Veloce app = new Veloce();
        app.get("/plaintext", req -> "Hello, World!");
        app.get("/json", req -> new Message("Hello, World!"));
        // /plaintext again behind three nested dependencies: what dependency injection costs
        Dependency<String> first = Dependency.of(conn -> "Hello, World!");
        Dependency<String> second = Dependency.of(first, (conn, value) -> value);
        Dependency<String> third = Dependency.of(second, (conn, value) -> value);
        app.get("/plaintext-deps", third, (req, value) -> value);
        // /plaintext again behind CORS, the security headers and request IDs: what that stack costs
        Router secured = new Router()
                .addMiddleware(CORSMiddleware.builder().allowOrigins("https://app.example.com").build())
                .addMiddleware(new SecurityHeadersMiddleware())
                .addMiddleware(new RequestIDMiddleware());
        secured.get("/plaintext", req -> "Hello, World!");
        app.include("/mw", secured);
        return app;
    }

    /**
     * Serves on 127.0.0.1 and the port given (default 8080) until killed.
     *
     * @param args {@code [port=8080]}
     * @throws InterruptedException when interrupted while waiting for the server to stop
     */
    public static void main(String[] args) throws InterruptedException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8080;
        Server server = app().start(ServerConfig.defaults().port(port));
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        System.out.println("veloce listening on " + server.port());
        server.awaitClose();
    }
}
