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

    /** Returns how the lookup ended. */
    public Outcome outcome() {
        return outcome;
    }

    /** Returns the matched route's target, or {@code null} unless {@link Outcome#FOUND}. */
    public T target() {
        return target;
    }

    /** Returns the matched template, or {@code null} unless {@link Outcome#FOUND}. */
    public String template() {
        return template;
    }

    /** Returns the decoded path parameters (empty unless {@link Outcome#FOUND}). */
    public PathParams params() {
        return params;
    }

    /** Returns the {@code Allow} header value for a 405, or {@code null}. */
    public String allow() {
        return allow;
    }

    @Override
    public String toString() {
        return "RouteMatch[" + outcome + (template != null ? " " + template + " " + params : "")
                + (allow != null ? " allow=" + allow : "") + "]";
    }
}
