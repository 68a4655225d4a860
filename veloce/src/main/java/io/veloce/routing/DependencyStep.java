package io.veloce.routing;

import io.veloce.di.Dependency;
import io.veloce.http.Connection;
import io.veloce.middleware.Guard;
import java.util.List;

/**
 * A router's dependencies, resolved for their effect in their place among the router's
 * middleware: for HTTP requests and WebSocket handshakes alike.
 */
final class DependencyStep implements Guard {

    private final Dependency<?>[] dependencies;

    DependencyStep(List<Dependency<?>> dependencies) {
        this.dependencies = dependencies.toArray(new Dependency<?>[0]);
    }

    @Override
    public void check(Connection connection) {
        for (Dependency<?> dependency : dependencies) {
            connection.dependency(dependency);
        }
    }

    @Override
    public String toString() {
        return "dependencies " + java.util.Arrays.toString(dependencies);
    }
}
