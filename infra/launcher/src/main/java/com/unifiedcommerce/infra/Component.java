package com.unifiedcommerce.infra;

/** One piece of infrastructure the launcher starts, watches and stops. */
interface Component {

    String name();

    /** Starts it and returns once it answers on its port. */
    void start() throws Exception;

    /** False once it has died; the launcher then starts it again. */
    boolean isAlive();

    void stop();
}
