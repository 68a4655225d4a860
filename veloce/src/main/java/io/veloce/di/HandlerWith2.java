package io.veloce.di;

import io.veloce.http.Request;

/**
 * An HTTP handler that receives the values of two dependencies.
 *
 * @param <A> the first dependency's type
 * @param <B> the second dependency's type
 */
@FunctionalInterface
public interface HandlerWith2<A, B> {

    /**
     * Handles {@code request}; the return value is converted as for {@code Handler}.
     *
     * @param request the request
     * @param a the first dependency's value
     * @param b the second dependency's value
     * @return the response, or a value converted to one
     * @throws Exception an {@code HttpException} gives its status; anything else a 500
     */
    Object handle(Request request, A a, B b) throws Exception;
}
