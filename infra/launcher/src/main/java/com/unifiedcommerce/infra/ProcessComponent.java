package com.unifiedcommerce.infra;

/** A component that runs as one child process of the launcher. */
abstract class ProcessComponent implements Component {

    protected ChildProcess process;

    @Override
    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** The process's id while it runs, or -1: written for fault-injection tests (see Launcher). */
    long pid() {
        return process == null ? -1 : process.pid();
    }

    @Override
    public void stop() {
        if (process != null) {
            process.stop();
        }
    }
}
