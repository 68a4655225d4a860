package io.veloce.routing;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** The path parameters of a matched route, by name in template order. Immutable. */
public final class PathParams {

    /** No parameters. */
    public static final PathParams EMPTY = new PathParams(new String[0], new String[0]);

    private final String[] names;
    private final String[] values;

    PathParams(String[] names, String[] values) {
        this.names = names;
        this.values = values;
    }

    /**
     * Returns the value of {@code name}, or {@code null} when the route has no such parameter.
     *
     * @param name the parameter's name as written in the template, without braces (and without
     *     the {@code ...} of a catch-all); {@code null} matches nothing
     * @return the percent-decoded value: never empty for a {@code {name}} parameter, possibly
     *     empty for a catch-all; {@code null} when there is no such parameter
     */
    public String get(String name) {
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals(name)) {
                return values[i];
            }
        }
        return null;
    }

    /**
     * Returns the number of parameters.
     *
     * @return how many parameters the matched template has; 0 for a template without any
     */
    public int size() {
        return names.length;
    }

    /**
     * Returns the parameters as an unmodifiable map in template order.
     *
     * @return a new unmodifiable map from name to decoded value on each call; empty when there
     *     are no parameters
     */
    public Map<String, String> asMap() {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < names.length; i++) {
            map.put(names[i], values[i]);
        }
        return Collections.unmodifiableMap(map);
    }

    @Override
    public String toString() {
        return asMap().toString();
    }
}
