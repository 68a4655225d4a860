package io.veloce.http;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * HTTP header fields: names are case-insensitive, a name may carry several values, and the order
 * in which fields were added is kept.
 *
 * <p>Instances are mutable and not thread-safe; a request's headers belong to the thread handling
 * it. Names and values are checked on {@link #add}/{@link #set}: a name must be an RFC 9110 token
 * and a value must not contain CR, LF or NUL, so response splitting is impossible through this
 * type ({@link IllegalArgumentException} otherwise).
 */
public final class Headers implements Iterable<Map.Entry<String, String>> {

    private String[] names;
    private String[] values;
    private int size;

    /** Creates an empty header set. */
    public Headers() {
        this(8);
    }

    private Headers(int capacity) {
        names = new String[capacity];
        values = new String[capacity];
    }

    /**
     * Creates headers from alternating names and values: {@code Headers.of("Accept", "text/plain")}.
     *
     * @param namesAndValues name, value, name, value, ...; a repeated name gets several values;
     *     none gives an empty set
     * @return new, mutable headers holding the fields in the given order
     * @throws IllegalArgumentException when the count is odd or a name or value is invalid
     */
    public static Headers of(String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("Headers.of takes name/value pairs, got an odd count");
        }
        Headers headers = new Headers(Math.max(4, namesAndValues.length / 2));
        for (int i = 0; i < namesAndValues.length; i += 2) {
            headers.add(namesAndValues[i], namesAndValues[i + 1]);
        }
        return headers;
    }

    /**
     * Returns a copy of these headers that can be changed independently.
     *
     * @return new headers with the same fields in the same order; changing either leaves the
     *     other alone
     */
    public Headers copy() {
        Headers copy = new Headers(Math.max(4, size));
        System.arraycopy(names, 0, copy.names, 0, size);
        System.arraycopy(values, 0, copy.values, 0, size);
        copy.size = size;
        return copy;
    }

    /**
     * Adds a value, keeping any existing ones for that name.
     *
     * @param name the field name, an RFC 9110 token; kept as spelled, matched ignoring case
     * @param value the value, possibly empty; must not be {@code null} or hold CR, LF or NUL
     * @return these headers, for chaining
     * @throws IllegalArgumentException when the name is not a token or the value holds CR, LF or NUL
     */
    public Headers add(String name, String value) {
        validateName(name);
        validateValue(name, value);
        addUnchecked(name, value);
        return this;
    }

    /**
     * Adds a field without validation. For transports, whose codec has already validated the wire
     * bytes; not for application code.
     *
     * @param name the field name, trusted to be a token: not checked
     * @param value the value, trusted to hold no CR, LF or NUL and not to be {@code null}: not
     *     checked
     * @return these headers, for chaining
     */
    public Headers addTrusted(String name, String value) {
        addUnchecked(name, value);
        return this;
    }

    private void addUnchecked(String name, String value) {
        if (size == names.length) {
            names = Arrays.copyOf(names, size * 2);
            values = Arrays.copyOf(values, size * 2);
        }
        names[size] = name;
        values[size] = value;
        size++;
    }

    /**
     * Replaces every value of {@code name} by {@code value}.
     *
     * @param name the field name, an RFC 9110 token; matched ignoring case, and the new field is
     *     spelled as given here
     * @param value the value, possibly empty; must not be {@code null} or hold CR, LF or NUL
     *     ({@link #remove} removes a field)
     * @return these headers, for chaining
     * @throws IllegalArgumentException when the name is not a token or the value holds CR, LF or NUL
     */
    public Headers set(String name, String value) {
        validateName(name);
        validateValue(name, value);
        remove(name);
        addUnchecked(name, value);
        return this;
    }

    /**
     * Sets {@code name} only when it has no value yet; returns this.
     *
     * @param name the field name, an RFC 9110 token (case-insensitive)
     * @param value the value to set when absent; must not be {@code null} or hold CR, LF or NUL
     * @return these headers, for chaining
     * @throws IllegalArgumentException when the field is absent and the name is not a token or the
     *     value is invalid (a present field is left alone without checking either)
     */
    public Headers setIfAbsent(String name, String value) {
        if (!contains(name)) {
            set(name, value);
        }
        return this;
    }

    /**
     * Removes every value of {@code name}.
     *
     * @param name the field name, matched ignoring case; a name that is absent (or {@code null})
     *     removes nothing
     * @return whether anything was removed
     */
    public boolean remove(String name) {
        int kept = 0;
        for (int i = 0; i < size; i++) {
            if (!names[i].equalsIgnoreCase(name)) {
                names[kept] = names[i];
                values[kept] = values[i];
                kept++;
            }
        }
        boolean removed = kept != size;
        Arrays.fill(names, kept, size, null);
        Arrays.fill(values, kept, size, null);
        size = kept;
        return removed;
    }

    /**
     * Returns the first value of {@code name}, or {@code null} when absent.
     *
     * @param name the field name, matched ignoring case
     * @return the value added first, or {@code null} when there is none (an empty value is
     *     returned as the empty string)
     */
    public String get(String name) {
        for (int i = 0; i < size; i++) {
            if (names[i].equalsIgnoreCase(name)) {
                return values[i];
            }
        }
        return null;
    }

    /**
     * Returns the first value of {@code name}, if any.
     *
     * @param name the field name, matched ignoring case
     * @return the value added first, or empty when there is none
     */
    public Optional<String> first(String name) {
        return Optional.ofNullable(get(name));
    }

    /**
     * Returns every value of {@code name} in the order they were added (empty when absent).
     *
     * @param name the field name, matched ignoring case
     * @return a new list the caller may change, one element per field (a comma-separated value is
     *     not split)
     */
    public List<String> getAll(String name) {
        List<String> all = new ArrayList<>(2);
        for (int i = 0; i < size; i++) {
            if (names[i].equalsIgnoreCase(name)) {
                all.add(values[i]);
            }
        }
        return all;
    }

    /**
     * Returns whether {@code name} has at least one value.
     *
     * @param name the field name, matched ignoring case
     * @return {@code true} when at least one field has that name, even with an empty value
     */
    public boolean contains(String name) {
        return get(name) != null;
    }

    /**
     * Returns whether one of the comma-separated elements of {@code name}'s values equals
     * {@code token}, ignoring case ({@code Connection: keep-alive, Upgrade} contains {@code upgrade}).
     *
     * @param name the field name, matched ignoring case
     * @param token the element to look for, compared after trimming the elements; parameters are
     *     not stripped, so {@code gzip} does not match {@code gzip;q=0.5}
     * @return {@code true} when any value of {@code name} lists {@code token}; {@code false} when
     *     the field is absent
     */
    public boolean containsToken(String name, String token) {
        for (int i = 0; i < size; i++) {
            if (names[i].equalsIgnoreCase(name)) {
                for (String part : values[i].split(",")) {
                    if (part.trim().equalsIgnoreCase(token)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /**
     * Returns the distinct names present, in first-seen order and as first spelled.
     *
     * @return a new set the caller may change (changing it does not change the headers); names
     *     differing only in case appear once
     */
    public Set<String> names() {
        Set<String> seen = new LinkedHashSet<>();
        Set<String> lower = new LinkedHashSet<>();
        for (int i = 0; i < size; i++) {
            if (lower.add(names[i].toLowerCase(Locale.ROOT))) {
                seen.add(names[i]);
            }
        }
        return seen;
    }

    /**
     * Returns the number of fields (a name with two values counts twice).
     *
     * @return the number of fields, 0 when empty
     */
    public int size() {
        return size;
    }

    /**
     * Returns whether there is no field.
     *
     * @return {@code true} when {@link #size()} is 0
     */
    public boolean isEmpty() {
        return size == 0;
    }

    /**
     * Calls {@code action} for every field in order; the cheapest way to copy headers out.
     *
     * @param action called with each field's name (as spelled) and value; a name with several
     *     values is passed once per value. It must not change these headers
     */
    public void forEach(BiConsumer<String, String> action) {
        for (int i = 0; i < size; i++) {
            action.accept(names[i], values[i]);
        }
    }

    /** Iterates over every field as an immutable entry, in order. */
    @Override
    public Iterator<Map.Entry<String, String>> iterator() {
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < size;
            }

            @Override
            public Map.Entry<String, String> next() {
                if (next >= size) {
                    throw new NoSuchElementException();
                }
                Map.Entry<String, String> entry = Map.entry(names[next], values[next]);
                next++;
                return entry;
            }
        };
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("Headers[");
        for (int i = 0; i < size; i++) {
            text.append(i == 0 ? "" : ", ").append(names[i]).append(": ").append(values[i]);
        }
        return text.append(']').toString();
    }

    private static void validateName(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("header name must not be empty");
        }
        for (int i = 0; i < name.length(); i++) {
            if (!isTokenChar(name.charAt(i))) {
                throw new IllegalArgumentException("invalid character in header name: " + name);
            }
        }
    }

    private static void validateValue(String name, String value) {
        if (value == null) {
            throw new IllegalArgumentException("header " + name + " has a null value");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\r' || c == '\n' || c == 0) {
                throw new IllegalArgumentException("header " + name + " value contains CR, LF or NUL");
            }
        }
    }

    /** RFC 9110 tchar. */
    static boolean isTokenChar(char c) {
        if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
            return true;
        }
        return "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
    }
}
