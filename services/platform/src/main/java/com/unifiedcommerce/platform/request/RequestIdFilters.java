package com.unifiedcommerce.platform.request;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/** Accepts or creates the request id before anything else runs and echoes it on the answer. */
public class RequestIdFilters {

    private static final String PROPERTY = RequestIdFilters.class.getName();

    @ServerRequestFilter(preMatching = true, priority = 0)
    public void onRequest(ContainerRequestContext request) {
        String id = RequestId.acceptOrCreate(request.getHeaderString(RequestId.HEADER));
        request.setProperty(PROPERTY, id);
        RequestId.set(id);
    }

    @ServerResponseFilter
    public void onResponse(ContainerRequestContext request, ContainerResponseContext response) {
        Object id = request.getProperty(PROPERTY);
        if (id != null) {
            response.getHeaders().putSingle(RequestId.HEADER, id);
        }
    }
}
