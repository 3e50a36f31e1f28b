package org.vigil.system;

/**
 * Vigil refuses to start, for a reason the person starting it can fix:
 * {@link StartupFailureReporter} prints the problem and the remedy as one line instead of
 * a stack trace.
 */
public class StartupRefusal extends RuntimeException {

	private final String problem;

	private final String remedy;

	/**
	 * Both are sentences: {@code problem} says what is wrong, {@code remedy} what to do
	 * about it.
	 */
	public StartupRefusal(String problem, String remedy) {
		super(problem + " " + remedy);
		this.problem = problem;
		this.remedy = remedy;
	}

	String problem() {
		return this.problem;
	}

	String remedy() {
		return this.remedy;
	}

}
