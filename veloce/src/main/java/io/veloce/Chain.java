package io.veloce;

import io.veloce.http.Body;
import io.veloce.http.JsonCodec;
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
 *
 * <p>A JSON body is serialised as it leaves the handler or a middleware, so every middleware
 * sees the bytes that will be sent (to compress, count or sign them) and a value that cannot be
 * serialised fails inside the chain, where error mapping and outer middleware still apply.
 */
record Chain(Middleware[] middleware, int index, Next end, ExceptionHandlers errors, JsonCodec json)
        implements Next {

    static Response run(Middleware[] middleware, Next end, Request request, ExceptionHandlers errors,
            JsonCodec json) throws Exception {
        return middleware.length == 0 ? end.handle(request) : new Chain(middleware, 0, end, errors, json).handle(request);
    }

    @Override
    public Response handle(Request request) throws Exception {
        Next next = index + 1 <= middleware.length ? new Chain(middleware, index + 1, end, errors, json) : null;
        if (errors == null) {
            return serialized(step(request, next));
        }
        try {
            return serialized(step(request, next));
        } catch (Exception error) {
            Response mapped = errors.map(request, error);
            if (mapped == null) {
                throw error;
            }
            return serialized(mapped);
        }
    }

    /** This link's middleware, or past the last one the end of the chain. */
    private Response step(Request request, Next next) throws Exception {
        if (index == middleware.length) {
            return end.handle(request);
        }
        Response response = middleware[index].handle(request, next);
        if (response == null) {
            // a bug in the middleware: fail here, as a 500 naming it, rather than later with no answer sent
            throw new IllegalStateException(middleware[index].getClass().getName()
                    + " returned null; a middleware returns a response (next.handle's or its own)");
        }
        return response;
    }

    private Response serialized(Response response) {
        if (response != null && response.body() instanceof Body.Json value) {
            response.body(new Body.Bytes(json.write(value.value())));
        }
        return response;
    }
}
