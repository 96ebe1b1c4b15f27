package com.unifiedcommerce.infra.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a {@link TcpProxy} field of a test that {@link InfrastructureTestResource} (argument
 * {@code smtp-proxy=true}) fills with the proxy the service reaches the mail server through, so
 * the test can take the mail server away without stopping the shared one.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface SmtpProxy {}
