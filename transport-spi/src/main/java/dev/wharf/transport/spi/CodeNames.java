package dev.wharf.transport.spi;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.HashMap;
import java.util.Map;

/** Builds the number → name table of a class of {@code int} code constants, for logs and error text. */
final class CodeNames {

    private CodeNames() {}

    static Map<Integer, String> of(Class<?> constants) {
        Map<Integer, String> names = new HashMap<>();
        for (Field field : constants.getFields()) {
            int modifiers = field.getModifiers();
            if (field.getType() == int.class && Modifier.isStatic(modifiers) && Modifier.isFinal(modifiers)) {
                try {
                    names.putIfAbsent(field.getInt(null), field.getName());
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return Map.copyOf(names);
    }
}
