package io.veloce;

import io.veloce.di.Dependency;
import io.veloce.http.Handler;
import io.veloce.http.JsonCodec;
import io.veloce.http.Request;
import io.veloce.http.Response;
import io.veloce.middleware.Middleware;
import io.veloce.middleware.Next;
import io.veloce.routing.Route;
import java.util.List;

/**
 * A route compiled for dispatch: the app's dependencies (resolved for their effect), the router
 * layers (middleware, then dependencies, outermost router first), then its handler with
 * return-value conversion.
 */
final class Endpoint {

    private final Route route;
    private final Dependency<?>[] appDependencies;
    private final Middleware[] middleware;
    private final Next handler;

    private final ExceptionHandlers errors;
    private final JsonCodec json;

    Endpoint(Route route, List<Dependency<?>> appDependencies, ExceptionHandlers errors, JsonCodec json) {
        this.errors = errors;
        this.json = json;
        this.route = route;
        this.appDependencies = appDependencies.toArray(new Dependency<?>[0]);
        this.middleware = route.middleware().toArray(new Middleware[0]);
        Handler handler = route.handler();
        this.handler = request -> Responses.from(handler.handle(request));
    }

    Route route() {
        return route;
    }

    /** Resolves the app's dependencies, then runs the router layers (middleware, dependencies) and the handler. */
    Response handle(Request request) throws Exception {
        for (Dependency<?> dependency : appDependencies) {
            request.dependency(dependency);
        }
        // mapped at each router middleware too, so it sees errors as responses like app middleware does
        return Chain.run(middleware, handler, request, errors, json);
    }
}
