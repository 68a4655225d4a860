package io.veloce;

import io.veloce.di.DependencyException;
import io.veloce.http.ExceptionHandler;
import io.veloce.http.HttpException;
import io.veloce.http.Request;
import io.veloce.http.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Maps exceptions to responses: the handler registered for the most specific superclass of the
 * exception wins; an {@link HttpException} without a registered handler becomes its own status
 * with {@code {"detail": ...}}. Anything else is not mapped (the caller answers 500).
 */
final class ExceptionHandlers {

    private final Map<Class<? extends Throwable>, ExceptionHandler<?>> registered = new LinkedHashMap<>();
    private final Map<Class<?>, Optional<ExceptionHandler<?>>> resolved = new ConcurrentHashMap<>();

    <E extends Throwable> void register(Class<E> type, ExceptionHandler<? super E> handler) {
        registered.put(type, handler);
        resolved.clear();
    }

    /**
     * Returns the response for {@code error}, or {@code null} when nothing maps it.
     *
     * @throws Exception when a registered handler fails
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    Response map(Request request, Throwable error) throws Exception {
        if (error instanceof DependencyException wrapped && wrapped.getCause() != null) {
            Response forCause = map(request, wrapped.getCause()); // mapped as if the handler had thrown it
            if (forCause != null) {
                return forCause;
            }
        }
        Optional<ExceptionHandler<?>> handler = resolved.computeIfAbsent(error.getClass(), this::lookup);
        if (handler.isPresent()) {
            return ((ExceptionHandler) handler.get()).handle(request, error);
        }
        if (error instanceof HttpException http) {
            Response response = Responses.error(http.status(), http.detail());
            http.headers().forEach(response.headers()::add);
            return response;
        }
        return null;
    }

    private Optional<ExceptionHandler<?>> lookup(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            ExceptionHandler<?> handler = registered.get(c);
            if (handler != null) {
                return Optional.of(handler);
            }
        }
        return Optional.empty();
    }
}
