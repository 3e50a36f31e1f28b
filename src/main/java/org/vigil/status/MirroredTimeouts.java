package org.vigil.status;

import java.time.Duration;
import java.util.Map;

/**
 * Every agent type's configured timeout of a mirror source (its own or the shipped
 * default), as the mirror keeps it: what a mirrored status's deadline would be based on
 * without its learned rhythm.
 */
public interface MirroredTimeouts {

	/** The source's timeouts; empty if it is gone. */
	Map<AgentType, Duration> of(long sourceId);

}
