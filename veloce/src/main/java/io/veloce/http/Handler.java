package io.veloce.http;

/**
 * Handles an HTTP request. Runs on a virtual thread, so blocking calls (JDBC, HTTP clients,
 * {@code Thread.sleep}) are fine. The returned value is converted as {@link Response} describes.
 */
@FunctionalInterface
public interface Handler {

    /**
     * Handles {@code request}.
     *
     * @param request the request being handled, never {@code null}, its body already read in
     *     full; resolve its dependencies on this thread (see {@link Request#dependency})
     * @return a {@link Response}, a {@code String}, a {@code byte[]}, {@code null} (204) or any
     *     value to send as JSON
     * @throws Exception anything; {@link HttpException} becomes its status, other exceptions go to
     *     the app's exception handlers and otherwise become a 500
     */
    Object handle(Request request) throws Exception;
}
