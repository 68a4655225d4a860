package io.veloce.middleware;

import io.veloce.http.Request;
import io.veloce.http.Response;

/** The rest of the chain after a middleware: the next middleware, or routing and the handler. */
@FunctionalInterface
public interface Next {

    /**
     * Passes {@code request} on and returns the response produced further in.
     *
     * @param request the request to pass on, usually the one the middleware received
     * @return the response from further in (a handler's {@code null} has become a 204); the
     *     middleware may change it before returning it. {@code HttpException}s and exceptions
     *     with a registered handler have already become responses (for app middleware, so have
     *     404 and 405), in app and router middleware alike
     * @throws Exception whatever the rest of the chain throws and did not turn into a response
     */
    Response handle(Request request) throws Exception;
}
