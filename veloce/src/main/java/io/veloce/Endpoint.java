package io.veloce;

import io.veloce.http.Handler;
import io.veloce.http.Request;
import io.veloce.http.Response;
import io.veloce.middleware.Middleware;
import io.veloce.middleware.Next;
import io.veloce.routing.Route;

/** A route compiled for dispatch: its router middleware and its handler with return-value conversion. */
final class Endpoint {

    private final Route route;
    private final Middleware[] middleware;
    private final Next handler;

    Endpoint(Route route) {
        this.route = route;
        this.middleware = route.middleware().toArray(new Middleware[0]);
        Handler handler = route.handler();
        this.handler = request -> Responses.from(handler.handle(request));
    }

    Route route() {
        return route;
    }

    Response handle(Request request) throws Exception {
        return Chain.run(middleware, handler, request);
    }
}
