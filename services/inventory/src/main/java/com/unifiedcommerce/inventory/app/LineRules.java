package com.unifiedcommerce.inventory.app;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.unifiedcommerce.contracts.inventory.StockLine;
import com.unifiedcommerce.inventory.app.HoldRequest.LineInput;
import com.unifiedcommerce.inventory.domain.HoldRequestRules;
import com.unifiedcommerce.platform.problem.Problem;
import com.unifiedcommerce.platform.problem.ProblemException;
import com.unifiedcommerce.platform.problem.ProblemType;

/** The lines of a hold or a counter sale, as the statements take them, and their refusals. */
public final class LineRules {

    private LineRules() {}

    /** The lines in SKU order; a SKU given twice is refused naming the repeating line. */
    public static List<StockLine> sorted(List<LineInput> input) {
        List<StockLine> asked = input.stream()
                .map(line -> new StockLine(line.sku(), line.quantity()))
                .toList();
        int duplicate = HoldRequestRules.firstDuplicate(asked);
        if (duplicate >= 0) {
            throw ProblemException.invalid("lines[" + duplicate + "].sku", "repeats an earlier line's SKU");
        }
        return HoldRequestRules.sorted(asked);
    }

    /** 400 naming each line whose SKU the item master does not know. */
    public static ProblemException unknownSkus(List<LineInput> input, List<String> unknown) {
        List<Problem.FieldError> errors = new ArrayList<>();
        for (int i = 0; i < input.size(); i++) {
            if (unknown.contains(input.get(i).sku())) {
                errors.add(new Problem.FieldError("lines[" + i + "].sku", "no such SKU"));
            }
        }
        return new ProblemException(ProblemType.VALIDATION, "Some SKUs do not exist", errors, Map.of());
    }
}
