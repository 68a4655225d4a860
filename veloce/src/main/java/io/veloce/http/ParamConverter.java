package io.veloce.http;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.UUID;

/** Converts path and query parameter text to the handful of types handlers ask for. */
final class ParamConverter {

    private ParamConverter() {
    }

    /**
     * Converts {@code raw} to {@code type}.
     *
     * @throws HttpException 422 naming the parameter when the text does not convert
     * @throws IllegalArgumentException when {@code type} is not one of the supported types (a
     *     programming error, reported as a 500)
     */
    @SuppressWarnings("unchecked")
    static <T> T convert(String kind, String name, String raw, Class<T> type) {
        if (!supports(type)) {
            throw new IllegalArgumentException("unsupported parameter type " + type.getName()
                    + " (supported: String, integer and decimal numbers, Boolean, UUID, BigDecimal, enums)");
        }
        try {
            return (T) parse(raw, type);
        } catch (IllegalArgumentException e) {
            throw new HttpException(422, kind + " '" + name + "' must be " + describe(type) + ", got '" + raw + "'");
        }
    }

    private static boolean supports(Class<?> type) {
        return type == String.class || type.isEnum() || type == UUID.class || type == BigDecimal.class
                || type == Long.class || type == long.class || type == Integer.class || type == int.class
                || type == Short.class || type == short.class || type == Double.class || type == double.class
                || type == Float.class || type == float.class || type == Boolean.class || type == boolean.class;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object parse(String raw, Class<?> type) {
        if (type == String.class) {
            return raw;
        } else if (type == Long.class || type == long.class) {
            return Long.parseLong(raw);
        } else if (type == Integer.class || type == int.class) {
            return Integer.parseInt(raw);
        } else if (type == Short.class || type == short.class) {
            return Short.parseShort(raw);
        } else if (type == Double.class || type == double.class) {
            return Double.parseDouble(raw);
        } else if (type == Float.class || type == float.class) {
            return Float.parseFloat(raw);
        } else if (type == Boolean.class || type == boolean.class) {
            return parseBoolean(raw);
        } else if (type == UUID.class) {
            return UUID.fromString(raw);
        } else if (type == BigDecimal.class) {
            return new BigDecimal(raw);
        }
        return Enum.valueOf((Class<? extends Enum>) type, raw);
    }

    private static Boolean parseBoolean(String raw) {
        return switch (raw.toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes", "on" -> Boolean.TRUE;
            case "false", "0", "no", "off" -> Boolean.FALSE;
            default -> throw new IllegalArgumentException(raw);
        };
    }

    private static String describe(Class<?> type) {
        if (type.isEnum()) {
            StringBuilder names = new StringBuilder("one of ");
            Object[] constants = type.getEnumConstants();
            for (int i = 0; i < constants.length; i++) {
                names.append(i == 0 ? "" : ", ").append(((Enum<?>) constants[i]).name());
            }
            return names.toString();
        }
        String simple = type.isPrimitive() ? type.getName() : type.getSimpleName();
        return switch (simple) {
            case "Long", "long", "Integer", "int", "Short", "short" -> "an integer";
            case "Double", "double", "Float", "float", "BigDecimal" -> "a number";
            case "Boolean", "boolean" -> "a boolean";
            case "UUID" -> "a UUID";
            default -> "a " + simple;
        };
    }
}
