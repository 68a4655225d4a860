package io.veloce;

import io.veloce.http.Request;
import io.veloce.http.Response;
import io.veloce.middleware.Middleware;
import io.veloce.middleware.Next;

/**
 * Runs a request through middleware, outermost first, and then {@code end}. Each link is
 * immutable, so a middleware may call {@code next} more than once (a retry) safely. With
 * {@code errors}, an exception a middleware throws is mapped (an {@code HttpException}, a
 * registered exception handler) before it reaches the middleware around it, which then sees a
 * response, as the {@link Middleware} contract says; unmapped exceptions propagate.
 */
record Chain(Middleware[] middleware, int index, Next end, ExceptionHandlers errors) implements Next {

    static Response run(Middleware[] middleware, Next end, Request request, ExceptionHandlers errors)
            throws Exception {
        return middleware.length == 0 ? end.handle(request) : new Chain(middleware, 0, end, errors).handle(request);
    }

    @Override
    public Response handle(Request request) throws Exception {
        Next next = index + 1 < middleware.length ? new Chain(middleware, index + 1, end, errors) : end;
        if (errors == null) {
            return middleware[index].handle(request, next);
        }
        try {
            return middleware[index].handle(request, next);
        } catch (Exception error) {
            Response mapped = errors.map(request, error);
            if (mapped == null) {
                throw error;
            }
            return mapped;
        }
    }
}
