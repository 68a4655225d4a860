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
     * @param request the request whose handling failed
     * @param exception the exception thrown, of the registered type or a subtype (the cause of a
     *     {@code DependencyException} is offered to the handlers before the wrapper)
     * @return the response to send instead of the error; {@code null} counts as unhandled: the
     *     exception goes on and becomes a 500 unless a middleware catches it
     * @throws Exception when it fails itself; the request then gets a 500
     */
    Response handle(Request request, E exception) throws Exception;
}
