package com.unifiedcommerce.platform.request;

import jakarta.ws.rs.core.Response;

import com.unifiedcommerce.platform.idempotency.Idempotency;

/** Turns an application's {@link Answer} into the HTTP response a resource returns. */
public final class Answers {

    private Answers() {}

    /** The status, the body in its media type, and {@code Idempotent-Replayed: true} for a repeat. */
    public static Response http(Answer answer) {
        Response.ResponseBuilder response =
                Response.status(answer.status()).type(answer.mediaType()).entity(answer.body());
        if (answer.replayed()) {
            response.header(Idempotency.REPLAYED_HEADER, "true");
        }
        return response.build();
    }
}
