package io.veloce.staticfiles;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns the decoded rest of a URL path into the names to look up below the root, refusing every
 * name that could leave the root or reach what should stay private. Containment does not rest on
 * this alone: the roots also check where symbolic links lead.
 *
 * <p>Refused (the request is answered 404):
 * <ul>
 * <li>names starting with {@code .}: {@code .} and {@code ..}, and hidden files such as
 *     {@code .git} or {@code .env};</li>
 * <li>names with a backslash (a separator on Windows, {@code ..\}), a colon (drive letters
 *     {@code C:}, NTFS streams {@code ::$DATA}) or a control character ({@code %00} included);</li>
 * <li>empty names ({@code //}, which would make an absolute path), except a last one: a path
 *     ending in {@code /} asks for a directory.</li>
 * </ul>
 *
 * @param names the names from the root down, none empty
 * @param directory whether the path ended with {@code /} (or was empty): its index file is wanted
 */
record SafePath(List<String> names, boolean directory) {

    /**
     * Parses {@code rest}, already percent-decoded once by routing (and never again: a
     * {@code %252e} stays the name {@code %2e}).
     *
     * @return the names, or {@code null} when one is refused
     */
    static SafePath parse(String rest) {
        List<String> names = new ArrayList<>();
        int start = 0;
        while (start <= rest.length()) {
            int slash = rest.indexOf('/', start);
            int end = slash < 0 ? rest.length() : slash;
            String name = rest.substring(start, end);
            if (name.isEmpty()) {
                if (end != rest.length()) {
                    return null; // an empty name before the end: "//" or a leading "/"
                }
                return new SafePath(List.copyOf(names), true);
            }
            if (!allowed(name)) {
                return null;
            }
            names.add(name);
            if (slash < 0) {
                return new SafePath(List.copyOf(names), false);
            }
            start = slash + 1;
        }
        return new SafePath(List.copyOf(names), true); // rest ended with "/"
    }

    private static boolean allowed(String name) {
        if (name.charAt(0) == '.') {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '\\' || c == ':' || c < 0x20 || c == 0x7f) {
                return false;
            }
        }
        return true;
    }

    /** Returns these names followed by {@code name}. */
    List<String> plus(String name) {
        List<String> more = new ArrayList<>(names);
        more.add(name);
        return more;
    }
}
