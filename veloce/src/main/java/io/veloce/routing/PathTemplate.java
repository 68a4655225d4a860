package io.veloce.routing;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A parsed route template: its segments, and for each one whether it is a parameter. Templates
 * start with {@code /}; a parameter is a whole segment {@code {name}} whose name is a Java-style
 * identifier, unique within the template. The last segment may be a catch-all
 * {@code {name...}}, which captures the rest of the path (see {@link Routes}).
 *
 * @param template the template as written
 * @param segments the segments between slashes ({@code /} alone has none)
 * @param parameterNames for each segment, the parameter name, or {@code null} for a literal
 */
public record PathTemplate(String template, List<String> segments, List<String> parameterNames) {

    private static final String CATCH_ALL = "...";

    /**
     * Parses {@code template}.
     *
     * @param template the route path as written, for example {@code /items/{id}}; {@code null}
     *     is refused like a template not starting with {@code /}
     * @return the parsed template, whose lists are unmodifiable; a catch-all's name is recorded
     *     without its {@code ...}
     * @throws IllegalArgumentException naming the problem: not starting with {@code /}, a brace
     *     inside a literal segment, an empty or invalid parameter name, a repeated name, a
     *     catch-all that is not the last segment
     */
    public static PathTemplate parse(String template) {
        if (template == null || !template.startsWith("/")) {
            throw new IllegalArgumentException("route path must start with '/': " + template);
        }
        List<String> segments = splitSegments(template);
        List<String> names = new ArrayList<>(segments.size());
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < segments.size(); i++) {
            String segment = segments.get(i);
            if (segment.startsWith("{") && segment.endsWith("}") && segment.length() >= 2) {
                String name = segment.substring(1, segment.length() - 1);
                if (name.endsWith(CATCH_ALL)) {
                    if (i != segments.size() - 1) {
                        throw new IllegalArgumentException("a catch-all parameter must be the last segment, got '"
                                + segment + "' in " + template);
                    }
                    name = name.substring(0, name.length() - CATCH_ALL.length());
                }
                if (!isIdentifier(name)) {
                    throw new IllegalArgumentException("invalid path parameter name '" + name + "' in " + template
                            + " (use letters, digits and _, not starting with a digit)");
                }
                if (!seen.add(name)) {
                    throw new IllegalArgumentException("path parameter {" + name + "} appears twice in " + template);
                }
                names.add(name);
            } else if (segment.indexOf('{') >= 0 || segment.indexOf('}') >= 0) {
                throw new IllegalArgumentException("a path parameter must be a whole segment like /{id}, got '"
                        + segment + "' in " + template);
            } else {
                names.add(null);
            }
        }
        return new PathTemplate(template, List.copyOf(segments), java.util.Collections.unmodifiableList(names));
    }

    /**
     * Returns whether the last segment is a catch-all parameter {@code {name...}}.
     *
     * @return {@code true} when it is; {@code false} for {@code /} and any template without one
     */
    public boolean catchAll() {
        if (segments.isEmpty()) {
            return false;
        }
        String last = segments.get(segments.size() - 1);
        return last.startsWith("{") && last.endsWith(CATCH_ALL + "}");
    }

    /**
     * Returns whether the template has no parameter.
     *
     * @return {@code true} when every segment is literal ({@code /} included); a catch-all counts
     *     as a parameter
     */
    public boolean isStatic() {
        for (String name : parameterNames) {
            if (name != null) {
                return false;
            }
        }
        return true;
    }

    /**
     * Joins a router prefix and a route path: {@code /api} + {@code /items} → {@code /api/items};
     * a trailing {@code /} of the prefix is dropped; an empty or {@code /} prefix changes nothing.
     *
     * @param prefix the router prefix: {@code null}, empty or {@code /} for none, otherwise
     *     starting with {@code /}
     * @param path the route's template, starting with {@code /}; not checked here
     * @return the prefix without its trailing {@code /} followed by {@code path}, or {@code path}
     *     itself when there is no prefix
     * @throws IllegalArgumentException when a non-empty prefix does not start with {@code /}
     */
    public static String join(String prefix, String path) {
        if (prefix == null || prefix.isEmpty() || prefix.equals("/")) {
            return path;
        }
        if (!prefix.startsWith("/")) {
            throw new IllegalArgumentException("router prefix must start with '/': " + prefix);
        }
        String trimmed = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
        return trimmed + path;
    }

    /** Splits {@code /a/b/} into {@code [a, b, ""]}; {@code /} gives no segment. */
    static List<String> splitSegments(String path) {
        List<String> segments = new ArrayList<>();
        if (path.length() == 1) {
            return segments;
        }
        int start = 1;
        while (true) {
            int slash = path.indexOf('/', start);
            if (slash < 0) {
                segments.add(path.substring(start));
                return segments;
            }
            segments.add(path.substring(start, slash));
            start = slash + 1;
        }
    }

    private static boolean isIdentifier(String name) {
        if (name.isEmpty() || !Character.isJavaIdentifierStart(name.charAt(0)) || name.charAt(0) == '$') {
            return false;
        }
        for (int i = 1; i < name.length(); i++) {
            if (!Character.isJavaIdentifierPart(name.charAt(i)) || name.charAt(i) == '$') {
                return false;
            }
        }
        return true;
    }
}
