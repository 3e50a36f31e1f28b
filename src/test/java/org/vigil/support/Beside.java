package org.vigil.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * A test class that runs beside the others instead of in their sequence: one that starts
 * a Vigil of its own (in a process, or an {@link Instance}) on a database of its own
 * ({@link OwnDatabase}), and shares nothing else with the run (not the tests' application
 * context, no fixed port, no output capture). Such classes spend most of their time
 * waiting: for a cold JVM to start, for their Vigil to do its work, for real time to
 * pass. The other classes fill that time (junit-platform.properties: two threads,
 * everything else in one sequence, as before).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Execution(ExecutionMode.CONCURRENT)
public @interface Beside {

}
