package org.vigil.status;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

import org.vigil.status.rhythm.PhiAccrual;
import org.vigil.status.rhythm.Rhythm;
import org.vigil.status.rhythm.Timeout;

/**
 * How the statuses of one mirror source are judged: the timeout of each agent type
 * ({@code configured}, the source's own or the shipped default), which of them an
 * operator set ({@code explicit}: a floor under the learned deadline; a shipped default
 * is only the cold start), how often the source is polled (no interval is learned shorter
 * than that: the poll cannot see one) and the arithmetic.
 */
public record MirrorTimeouts(Map<AgentType, Duration> configured, Set<AgentType> explicit, Duration pollInterval,
		PhiAccrual phi) {

	/** How long a status of this type with this rhythm may be silent, and why. */
	public Timeout timeout(AgentType type, Rhythm rhythm) {
		return this.phi.timeout(rhythm, this.configured.get(type), this.explicit.contains(type));
	}

}
