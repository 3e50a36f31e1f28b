package org.vigil.status.rhythm;

/** What a status's deadline was computed from, as the API shows it. */
public enum Basis {

	/** The status's learned rhythm at the suspicion threshold. */
	LEARNED("learned"),

	/**
	 * A configured timeout: learning is off, the rhythm is not learned yet (the cold
	 * start), or a timeout an operator set explicitly is longer than the learned one.
	 */
	CONFIGURED("configured");

	private final String label;

	Basis(String label) {
		this.label = label;
	}

	public String label() {
		return this.label;
	}

}
