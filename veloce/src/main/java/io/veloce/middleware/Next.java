package io.veloce.middleware;

import io.veloce.http.Request;
import io.veloce.http.Response;

/** The rest of the chain after a middleware: the next middleware, or routing and the handler. */
@FunctionalInterface
public interface Next {

    /**
     * Passes {@code request} on and returns the response produced further in.
     *
     * @throws Exception whatever the rest of the chain throws and did not turn into a response
     */
    Response handle(Request request) throws Exception;
}
