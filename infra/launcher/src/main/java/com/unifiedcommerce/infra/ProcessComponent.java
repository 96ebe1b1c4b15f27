package com.unifiedcommerce.infra;

/** A component that runs as one child process of the launcher. */
abstract class ProcessComponent implements Component {

    protected ChildProcess process;

    @Override
    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    @Override
    public void stop() {
        if (process != null) {
            process.stop();
        }
    }
}
