package org.vigil.status;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The timeouts per agent type of the liveness and the mirror settings: one record and one
 * check (LivenessTest and DefaultSourceTest bind it from each feature's settings).
 */
class TimeoutsPerTypeTest {

	@Test
	void eachTypeHasItsOwnTimeoutAndUnsetIsNull() {
		TimeoutsPerType timeouts = new TimeoutsPerType(Duration.ofMinutes(1), Duration.ofMinutes(2), null,
				Duration.ofMinutes(4), Duration.ofMinutes(5));
		assertThat(timeouts.of(AgentType.ORDER_PROCESSING)).isEqualTo(Duration.ofMinutes(1));
		assertThat(timeouts.of(AgentType.USAGE_REPORTING)).isEqualTo(Duration.ofMinutes(2));
		assertThat(timeouts.of(AgentType.GLAUTH_SYNC)).isNull();
		assertThat(timeouts.of(AgentType.RESOURCE_SYNC)).isEqualTo(Duration.ofMinutes(4));
		assertThat(timeouts.of(AgentType.EVENT_PROCESSING)).isEqualTo(Duration.ofMinutes(5));
		timeouts.check("vigil.liveness.timeouts");
	}

	@Test
	void aTimeoutThatIsNotPositiveIsRefusedByItsSettingsName() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new TimeoutsPerType(null, null, Duration.ZERO, null, null).check("vigil.mirror.timeouts"))
			.withMessage("vigil.mirror.timeouts." + AgentType.GLAUTH_SYNC.key()
					+ " must be a positive duration such as PT15M, was PT0S");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new TimeoutsPerType(Duration.ofMinutes(-1), null, null, null, null)
				.check("vigil.liveness.timeouts"))
			.withMessageStartingWith("vigil.liveness.timeouts." + AgentType.ORDER_PROCESSING.key() + " must be");
	}

}
