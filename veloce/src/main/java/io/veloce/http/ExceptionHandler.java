package io.veloce.http;

/**
 * Turns an exception of type {@code E} thrown while handling a request into a response.
 * Registered with {@code app.exceptionHandler(Type.class, handler)}; the handler of the most
 * specific registered supertype of the thrown exception is used.
 *
 * @param <E> the exception type handled
 */
@FunctionalInterface
public interface ExceptionHandler<E extends Throwable> {

    /**
     * Builds the response for {@code exception}.
     *
     * @throws Exception when it fails itself; the request then gets a 500
     */
    Response handle(Request request, E exception) throws Exception;
}
