package io.veloce.di;

import io.veloce.http.Request;

/**
 * An HTTP handler that receives the value of one dependency:
 * {@code app.get("/me", currentUser, (req, user) -> user)}.
 *
 * @param <A> the dependency's type
 */
@FunctionalInterface
public interface HandlerWith<A> {

    /**
     * Handles {@code request}; the return value is converted as for {@code Handler}.
     *
     * @param request the request
     * @param a the dependency's value, resolved before this runs
     * @return the response, or a value converted to one
     * @throws Exception an {@code HttpException} gives its status; anything else a 500
     */
    Object handle(Request request, A a) throws Exception;
}
