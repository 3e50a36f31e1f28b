package org.vigil.support;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.Tag;

/**
 * A test whose store does not matter: a pure unit test, a browser test, the docs'
 * examples, a test of the web layer's answers to hostile input. It runs in the H2 pass
 * only; the PostgreSQL pass of the build leaves out its tag (pom.xml, the
 * {@code postgres} execution), so each such test costs one run, not two.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Tag(OneStore.TAG)
public @interface OneStore {

	/** The JUnit tag the PostgreSQL pass excludes. */
	String TAG = "one-store";

}
