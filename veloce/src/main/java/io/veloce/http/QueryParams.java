package io.veloce.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The decoded query string of a request URL or a {@code application/x-www-form-urlencoded}
 * body: names in first-seen order, each with one or more values. Immutable.
 */
public final class QueryParams {

    private static final QueryParams EMPTY = new QueryParams(Map.of());

    private final Map<String, List<String>> values;

    private QueryParams(Map<String, List<String>> values) {
        this.values = values;
    }

    /**
     * Returns the empty query.
     *
     * @return the shared instance with no parameters
     */
    public static QueryParams empty() {
        return EMPTY;
    }

    /**
     * Parses {@code a=1&b=x+y&a=2} ({@code +} is a space, {@code %XX} escapes are UTF-8). A name
     * without {@code =} has the empty value.
     *
     * @param raw the raw query without the leading {@code ?}; {@code null} or empty gives {@link #empty()}
     * @return the parsed parameters, immutable; empty pairs ({@code a=1&&b=2}) are skipped
     * @throws IllegalArgumentException when a percent escape is malformed
     */
    public static QueryParams parse(String raw) {
        if (raw == null || raw.isEmpty()) {
            return EMPTY;
        }
        Map<String, List<String>> parsed = new LinkedHashMap<>();
        int start = 0;
        while (start <= raw.length()) {
            int end = raw.indexOf('&', start);
            if (end < 0) {
                end = raw.length();
            }
            if (end > start) {
                int eq = raw.indexOf('=', start);
                String name;
                String value;
                if (eq < 0 || eq > end) {
                    name = decode(raw.substring(start, end));
                    value = "";
                } else {
                    name = decode(raw.substring(start, eq));
                    value = decode(raw.substring(eq + 1, end));
                }
                parsed.computeIfAbsent(name, k -> new java.util.ArrayList<>(1)).add(value);
            }
            start = end + 1;
        }
        parsed.replaceAll((k, v) -> List.copyOf(v));
        return new QueryParams(Collections.unmodifiableMap(parsed));
    }

    private static String decode(String part) {
        if (part.indexOf('%') < 0 && part.indexOf('+') < 0) {
            return part;
        }
        return URLDecoder.decode(part, StandardCharsets.UTF_8);
    }

    /**
     * Returns the first value of {@code name}, or {@code null} when absent.
     *
     * @param name the decoded parameter name, matched case-sensitively
     * @return the first value, decoded; the empty string for {@code ?flag} or {@code ?flag=};
     *     {@code null} when the name is absent
     */
    public String get(String name) {
        List<String> all = values.get(name);
        return all == null ? null : all.get(0);
    }

    /**
     * Returns the first value of {@code name}, if any.
     *
     * @param name the decoded parameter name, matched case-sensitively
     * @return the first value, decoded, or empty when the name is absent
     */
    public Optional<String> first(String name) {
        return Optional.ofNullable(get(name));
    }

    /**
     * Returns the first value of {@code name} converted to {@code type} (the types of
     * {@link Connection#pathParam(String, Class)}), or {@code null} when absent.
     *
     * @param <T> the type asked for
     * @param name the decoded parameter name, matched case-sensitively
     * @param type one of the supported types (a primitive class gives its boxed value)
     * @return the converted first value, or {@code null} when the name is absent (also for a
     *     primitive {@code type}: unboxing it then throws, so check {@link #contains} first)
     * @throws HttpException 422 when the value does not convert
     * @throws IllegalArgumentException when the name is present and {@code type} is not supported
     */
    public <T> T get(String name, Class<T> type) {
        String raw = get(name);
        return raw == null ? null : ParamConverter.convert("query parameter", name, raw, type);
    }

    /**
     * Returns every value of {@code name} (empty when absent).
     *
     * @param name the decoded parameter name, matched case-sensitively
     * @return the decoded values in query order, unmodifiable; empty when the name is absent
     */
    public List<String> getAll(String name) {
        return values.getOrDefault(name, List.of());
    }

    /**
     * Returns whether {@code name} is present.
     *
     * @param name the decoded parameter name, matched case-sensitively
     * @return {@code true} when the name appears at least once, even without a value
     */
    public boolean contains(String name) {
        return values.containsKey(name);
    }

    /**
     * Returns the names in first-seen order.
     *
     * @return the decoded names, unmodifiable, each once
     */
    public Set<String> names() {
        return values.keySet();
    }

    /**
     * Returns the whole query as an unmodifiable map of names to values.
     *
     * @return names in first-seen order, each with its unmodifiable, non-empty list of values
     */
    public Map<String, List<String>> asMap() {
        return values;
    }

    /**
     * Returns whether there are no parameters.
     *
     * @return {@code true} when no name is present
     */
    public boolean isEmpty() {
        return values.isEmpty();
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
