package com.unifiedcommerce.returns.domain;

/**
 * The rules of the one return policy, each with the words a refusal uses. The same rules apply at
 * the counter and online.
 */
public enum ReturnRule {
    NOT_FULFILLED("the order has not been picked up or delivered"),
    WINDOW_CLOSED("the return window has closed"),
    FINAL_SALE("the item was sold as final sale"),
    UNKNOWN_LINE("the order has no such line"),
    TOO_MANY_UNITS("more units than were bought and not yet returned"),
    STORE_TAKES_NO_RETURNS("this location does not take returns");

    private final String words;

    ReturnRule(String words) {
        this.words = words;
    }

    public String words() {
        return words;
    }
}
