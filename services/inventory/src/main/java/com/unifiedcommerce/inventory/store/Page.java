package com.unifiedcommerce.inventory.store;

import java.util.List;

/** One page of a list, with the total the client needs to page on. */
public record Page<T>(List<T> items, int page, int size, long total) {}
