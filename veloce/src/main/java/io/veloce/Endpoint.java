package io.veloce;

import io.veloce.di.Dependency;
import io.veloce.http.Handler;
import io.veloce.http.Request;
import io.veloce.http.Response;
import io.veloce.middleware.Middleware;
import io.veloce.middleware.Next;
import io.veloce.routing.Route;
import java.util.List;
import java.util.stream.Stream;

/**
 * A route compiled for dispatch: its router middleware, then the app's and router's dependencies
 * (resolved for their effect), then its handler with return-value conversion.
 */
final class Endpoint {

    private final Route route;
    private final Middleware[] middleware;
    private final Next handler;

    Endpoint(Route route, List<Dependency<?>> appDependencies) {
        this.route = route;
        this.middleware = route.middleware().toArray(new Middleware[0]);
        Handler handler = route.handler();
        Dependency<?>[] effects = Stream.concat(appDependencies.stream(), route.dependencies().stream())
                .toArray(Dependency<?>[]::new);
        if (effects.length == 0) {
            this.handler = request -> Responses.from(handler.handle(request));
        } else {
            this.handler = request -> {
                for (Dependency<?> effect : effects) {
                    request.dependency(effect);
                }
                return Responses.from(handler.handle(request));
            };
        }
    }

    Route route() {
        return route;
    }

    Response handle(Request request) throws Exception {
        return Chain.run(middleware, handler, request);
    }
}
