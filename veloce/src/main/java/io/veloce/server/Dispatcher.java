package io.veloce.server;

import io.veloce.Limits;

/**
 * The app as a transport drives it: one call per request, plus the lifecycle. Obtained from the
 * app by {@code Veloce.start} and {@code Veloce.testClient}; not an application API.
 */
public interface Dispatcher {

    /**
     * Handles one exchange to the end: middleware, routing, handler, error mapping, response.
     * Blocks the calling (virtual) thread while it runs and never throws.
     *
     * @param exchange the request to serve; answered through {@link Exchange#respond},
     *     {@link Exchange#respondStreaming} or {@link Exchange#upgrade} before this returns (for
     *     an accepted WebSocket, this returns once its handler has returned)
     */
    void dispatch(Exchange exchange);

    /**
     * Returns the limits the transport must enforce while reading requests.
     *
     * @return the app's limits, fixed once the app was frozen for serving; never {@code null}
     */
    Limits limits();

    /**
     * Runs the app's startup hooks, in registration order.
     *
     * @throws Exception when a hook fails; the transport must then not serve
     */
    void startup() throws Exception;

    /** Runs the app's shutdown hooks in reverse registration order; failures are logged, not thrown. */
    void shutdown();
}
