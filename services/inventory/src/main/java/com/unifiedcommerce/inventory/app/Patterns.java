package com.unifiedcommerce.inventory.app;

/** The shapes of identifiers the inventory accepts (the database checks them again). */
public final class Patterns {

    /** Upper-case letters, digits, '.', '_' and '-', up to 64, starting with a letter or digit. */
    public static final String SKU = "^[A-Z0-9][A-Z0-9._-]{0,63}$";

    public static final String SKU_MESSAGE = "must be 1 to 64 of A-Z, 0-9, '.', '_' or '-'";

    /** Lower-case letters, digits and '-', up to 64, e.g. store-001. */
    public static final String LOCATION = "^[a-z0-9][a-z0-9-]{0,63}$";

    public static final String LOCATION_MESSAGE = "must be 1 to 64 of a-z, 0-9 or '-'";

    private Patterns() {}
}
