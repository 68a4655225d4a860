package io.veloce.routing;

/**
 * The answer of {@link RouteTable#find}: a route was found (with its target and parameters), the
 * path exists but not for that method (with the {@code Allow} value), or nothing matched.
 *
 * @param <T> what the table stores per route
 */
public final class RouteMatch<T> {

    /** How a lookup ended. */
    public enum Outcome {
        /** A route matched path and method. */
        FOUND,
        /** A route matched the path, none for this method: answer 405 with {@link #allow()}. */
        METHOD_NOT_ALLOWED,
        /** No route matched the path: answer 404. */
        NOT_FOUND
    }

    private static final RouteMatch<?> NOT_FOUND = new RouteMatch<>(Outcome.NOT_FOUND, null, null, PathParams.EMPTY, null);

    private final Outcome outcome;
    private final T target;
    private final String template;
    private final PathParams params;
    private final String allow;

    RouteMatch(Outcome outcome, T target, String template, PathParams params, String allow) {
        this.outcome = outcome;
        this.target = target;
        this.template = template;
        this.params = params;
        this.allow = allow;
    }

    @SuppressWarnings("unchecked")
    static <T> RouteMatch<T> notFound() {
        return (RouteMatch<T>) NOT_FOUND;
    }

    /**
     * Returns how the lookup ended.
     *
     * @return the outcome, never {@code null}
     */
    public Outcome outcome() {
        return outcome;
    }

    /**
     * Returns the matched route's target, or {@code null} unless {@link Outcome#FOUND}.
     *
     * @return what was stored with {@link RouteTable#add} for the matched route (for a
     *     {@code HEAD} request answered by a {@code GET} route, the {@code GET} route's), or
     *     {@code null} unless {@link Outcome#FOUND}
     */
    public T target() {
        return target;
    }

    /**
     * Returns the matched template, or {@code null} unless {@link Outcome#FOUND}.
     *
     * @return the template as it was added, for example {@code /items/{id}}, or {@code null}
     *     unless {@link Outcome#FOUND}
     */
    public String template() {
        return template;
    }

    /**
     * Returns the decoded path parameters (empty unless {@link Outcome#FOUND}).
     *
     * @return the parameters by name, never {@code null}: {@link PathParams#EMPTY} for a route
     *     without parameters and for every other outcome
     */
    public PathParams params() {
        return params;
    }

    /**
     * Returns the {@code Allow} header value for a 405, or {@code null}.
     *
     * @return the methods that have a route for the path, comma-separated in the order they were
     *     added, with {@code HEAD} after {@code GET} unless it has its own route (for example
     *     {@code "GET, HEAD, POST"}); {@code null} unless {@link Outcome#METHOD_NOT_ALLOWED}
     */
    public String allow() {
        return allow;
    }

    @Override
    public String toString() {
        return "RouteMatch[" + outcome + (template != null ? " " + template + " " + params : "")
                + (allow != null ? " allow=" + allow : "") + "]";
    }
}
