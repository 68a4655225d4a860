package io.veloce;

import io.veloce.http.Request;
import io.veloce.http.Response;
import io.veloce.middleware.Middleware;
import io.veloce.middleware.Next;

/**
 * Runs a request through middleware, outermost first, and then {@code end}. Each link is
 * immutable, so a middleware may call {@code next} more than once (a retry) safely.
 */
record Chain(Middleware[] middleware, int index, Next end) implements Next {

    static Response run(Middleware[] middleware, Next end, Request request) throws Exception {
        return middleware.length == 0 ? end.handle(request) : new Chain(middleware, 0, end).handle(request);
    }

    @Override
    public Response handle(Request request) throws Exception {
        Next next = index + 1 < middleware.length ? new Chain(middleware, index + 1, end) : end;
        return middleware[index].handle(request, next);
    }
}
