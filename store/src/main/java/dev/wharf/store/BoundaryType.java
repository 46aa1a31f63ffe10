package dev.wharf.store;

/** Which side of a timestamp {@link MessageStore#offsetByTimestamp} answers with. */
public enum BoundaryType {
    LOWER,
    UPPER
}
