package io.veloce.routing;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The routing tree, built once as routes are registered and then only read (safe to read from
 * many threads once registration is over; registration itself is not thread-safe).
 *
 * <p>Lookup never uses reflection or regular expressions. A path made only of literal segments
 * is found with one hash lookup of the whole path and allocates nothing; other paths walk a
 * segment tree where literal children are tried before the parameter child, and a catch-all
 * ({@code {name...}}) last, backtracking when a branch leads nowhere (so {@code /users/new} and
 * {@code /users/{id}} coexist). Path segments are percent-decoded one by one, so {@code %2F}
 * never creates a segment.
 *
 * @param <T> what is stored per route (the app stores its compiled endpoint)
 */
public final class RouteTable<T> {

    private final Node<T> root = new Node<>();
    private final Map<String, Node<T>> literalPaths = new HashMap<>();

    /** Creates an empty table. */
    public RouteTable() {
    }

    /**
     * Adds a route.
     *
     * @param method the method the route answers, compared exactly with the one given to
     *     {@link #find} (the table does not check its form); not {@code null}
     * @param template the path template (see {@link PathTemplate#parse}); its literal segments
     *     are compared with the request's decoded segments, so a percent-escape written in one
     *     is taken literally
     * @param target what {@link #find} returns for this route; stored as given, not checked
     * @throws IllegalArgumentException when the template is malformed, or when {@code method}
     *     already has a route that matches exactly the same paths (for example {@code /items/{id}}
     *     and {@code /items/{key}}); the message names both
     */
    public void add(String method, String template, T target) {
        PathTemplate parsed = PathTemplate.parse(template);
        Node<T> node = root;
        List<String> segments = parsed.segments();
        int parameterCount = 0;
        for (int i = 0; i < segments.size(); i++) {
            if (parsed.catchAll() && i == segments.size() - 1) {
                parameterCount++;
                if (node.tail == null) {
                    node.tail = new Node<>();
                }
                node = node.tail;
            } else if (parsed.parameterNames().get(i) != null) {
                parameterCount++;
                if (node.parameter == null) {
                    node.parameter = new Node<>();
                }
                node = node.parameter;
            } else {
                node = node.literals.computeIfAbsent(segments.get(i), k -> new Node<>());
            }
        }
        Entry<T> existing = node.entries.get(method);
        if (existing != null) {
            throw new IllegalArgumentException("route " + method + " " + template + " conflicts with " + method + " "
                    + existing.template + ", registered earlier: both match exactly the same paths");
        }
        String[] names = new String[parameterCount];
        int n = 0;
        for (String name : parsed.parameterNames()) {
            if (name != null) {
                names[n++] = name;
            }
        }
        Entry<T> entry = new Entry<>(template, target, names);
        node.entries.put(method, entry);
        node.refreshAllow();
        if (parameterCount == 0) {
            literalPaths.put(template, node);
        }
    }

    /**
     * Finds the route for {@code method} and {@code rawPath}. A {@code HEAD} request falls back
     * to the {@code GET} route of the same path.
     *
     * <p>A catch-all captures the rest of the path after the slash before it, possibly empty
     * ({@code /files/{path...}} matches {@code /files/} and {@code /files/a/b}, not
     * {@code /files}; {@code /{path...}} matches {@code /}), its segments decoded one by one and
     * joined with {@code /}.
     *
     * @param method the request's method as sent, compared exactly (routes are added upper case);
     *     {@code HEAD} also finds {@code GET} routes; not {@code null}
     * @param rawPath the path as sent, without the query, percent-escapes not yet decoded
     * @return the match; {@link RouteMatch.Outcome#NOT_FOUND} also when a percent-escape that does
     *     not decode lies in the part of the path a catch-all would capture: such a name can
     *     never exist there (a static file, say), and the answer must not differ from any other
     *     missing name
     * @throws IllegalArgumentException when a percent-escape elsewhere is malformed or not UTF-8
     *     (answer 400)
     */
    public RouteMatch<T> find(String method, String rawPath) {
        boolean escaped = rawPath.indexOf('%') >= 0;
        if (!escaped) {
            Node<T> literal = literalPaths.get(rawPath);
            if (literal != null) {
                Entry<T> entry = literal.entryFor(method);
                if (entry != null) {
                    return entry.literalMatch;
                }
            }
        }
        List<String> segments = PathTemplate.splitSegments(rawPath);
        if (escaped) {
            for (int i = 0; i < segments.size(); i++) {
                try {
                    segments.set(i, decodeSegment(segments.get(i)));
                } catch (IllegalArgumentException malformed) {
                    if (catchAllCovers(root, segments, 0, i)) {
                        return RouteMatch.notFound();
                    }
                    throw malformed;
                }
            }
        }
        String[] values = new String[segments.size() + 1]; // + 1: a catch-all may capture the empty rest of "/"
        Node<T> node = walk(root, segments, 0, values, 0, method);
        if (node != null) {
            Entry<T> entry = node.entryFor(method);
            if (entry.names.length == 0) {
                return entry.literalMatch;
            }
            String[] captured = new String[entry.names.length];
            System.arraycopy(values, 0, captured, 0, captured.length);
            return new RouteMatch<>(RouteMatch.Outcome.FOUND, entry.target, entry.template,
                    new PathParams(entry.names, captured), null);
        }
        Node<T> anyMethod = walk(root, segments, 0, values, 0, null);
        return anyMethod != null ? anyMethod.notAllowed : RouteMatch.notFound();
    }

    /**
     * Depth-first search: literal child first, then the parameter child. With a {@code null}
     * method, any node holding routes counts (used to tell 405 from 404).
     */
    private Node<T> walk(Node<T> node, List<String> segments, int index, String[] values, int depth, String method) {
        if (index == segments.size()) {
            if (node.matches(method)) {
                return node;
            }
            if (index == 0 && node.tail != null && node.tail.matches(method)) {
                values[depth] = ""; // "/" is the root's slash followed by an empty rest
                return node.tail;
            }
            return null;
        }
        String segment = segments.get(index);
        Node<T> literal = node.literals.get(segment);
        if (literal != null) {
            Node<T> found = walk(literal, segments, index + 1, values, depth, method);
            if (found != null) {
                return found;
            }
        }
        if (node.parameter != null && !segment.isEmpty()) {
            values[depth] = segment;
            Node<T> found = walk(node.parameter, segments, index + 1, values, depth + 1, method);
            if (found != null) {
                return found;
            }
        }
        if (node.tail != null && node.tail.matches(method)) {
            values[depth] = String.join("/", segments.subList(index, segments.size()));
            return node.tail;
        }
        return null;
    }

    /**
     * Whether a catch-all reachable through the (decoded) segments before {@code malformedAt}
     * would capture the segment at {@code malformedAt}.
     */
    private boolean catchAllCovers(Node<T> node, List<String> segments, int index, int malformedAt) {
        if (node.tail != null) {
            return true;
        }
        if (index == malformedAt) {
            return false;
        }
        String segment = segments.get(index);
        Node<T> literal = node.literals.get(segment);
        if (literal != null && catchAllCovers(literal, segments, index + 1, malformedAt)) {
            return true;
        }
        return node.parameter != null && !segment.isEmpty()
                && catchAllCovers(node.parameter, segments, index + 1, malformedAt);
    }

    /** Percent-decodes one path segment as UTF-8 ({@code +} stays a plus). */
    static String decodeSegment(String segment) {
        if (segment.indexOf('%') < 0) {
            return segment;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(segment.length());
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c == '%') {
                if (i + 2 >= segment.length()) {
                    throw new IllegalArgumentException("malformed percent-encoding in path segment '" + segment + "'");
                }
                int high = Character.digit(segment.charAt(i + 1), 16);
                int low = Character.digit(segment.charAt(i + 2), 16);
                if (high < 0 || low < 0) {
                    throw new IllegalArgumentException("malformed percent-encoding in path segment '" + segment + "'");
                }
                bytes.write(high << 4 | low);
                i += 2;
            } else {
                byte[] encoded = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(encoded, 0, encoded.length);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("path segment '" + segment + "' is not valid UTF-8 once decoded");
        }
    }

    /**
     * Percent-decodes a whole path for display ({@code Request.path()}); unlike routing, a
     * decoded {@code %2F} becomes a {@code /} here.
     *
     * @param rawPath the path as sent, without the query; not {@code null}
     * @return the path with every percent-escape decoded as UTF-8 ({@code +} stays a plus); the
     *     same string when it holds no {@code %}
     * @throws IllegalArgumentException when a percent-escape is malformed or not UTF-8
     */
    public static String decodePath(String rawPath) {
        return decodeSegment(rawPath);
    }

    private static final class Node<T> {
        final Map<String, Node<T>> literals = new HashMap<>(4);
        Node<T> parameter;
        Node<T> tail; // the routes ending in a catch-all {name...} here
        final Map<String, Entry<T>> entries = new LinkedHashMap<>(2);
        RouteMatch<T> notAllowed;

        /** Whether a route ends here for {@code method}, or for any method when it is {@code null}. */
        boolean matches(String method) {
            return method == null ? !entries.isEmpty() : entryFor(method) != null;
        }

        Entry<T> entryFor(String method) {
            Entry<T> entry = entries.get(method);
            if (entry == null && method.equals("HEAD")) {
                entry = entries.get("GET");
            }
            return entry;
        }

        void refreshAllow() {
            StringJoiner allow = new StringJoiner(", ");
            for (String method : entries.keySet()) {
                allow.add(method);
                if (method.equals("GET") && !entries.containsKey("HEAD")) {
                    allow.add("HEAD");
                }
            }
            notAllowed = new RouteMatch<>(RouteMatch.Outcome.METHOD_NOT_ALLOWED, null, null, PathParams.EMPTY,
                    allow.toString());
        }
    }

    private static final class Entry<T> {
        final String template;
        final T target;
        final String[] names;
        final RouteMatch<T> literalMatch;

        Entry(String template, T target, String[] names) {
            this.template = template;
            this.target = target;
            this.names = names;
            this.literalMatch = new RouteMatch<>(RouteMatch.Outcome.FOUND, target, template, PathParams.EMPTY, null);
        }
    }
}
