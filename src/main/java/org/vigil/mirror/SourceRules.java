package org.vigil.mirror;

import java.time.Duration;
import java.util.Map;

import org.vigil.status.AgentType;
import org.vigil.status.MirrorTimeouts;
import org.vigil.status.MirroredTimeouts;
import org.vigil.status.StatusChanges;
import org.vigil.status.rhythm.PhiAccrual;

import org.springframework.stereotype.Component;

/**
 * How the statuses of a source are judged ({@link MirrorTimeouts}), and their deadlines
 * brought in line when its timeouts change.
 */
@Component
class SourceRules implements MirroredTimeouts {

	private final PhiAccrual phi;

	private final StatusChanges statuses;

	private final SourceRepository sources;

	SourceRules(PhiAccrual phi, StatusChanges statuses, SourceRepository sources) {
		this.phi = phi;
		this.statuses = statuses;
		this.sources = sources;
	}

	@Override
	public Map<AgentType, Duration> of(long sourceId) {
		return this.sources.find(sourceId).map(MirrorSource::timeouts).orElse(Map.of());
	}

	MirrorTimeouts of(MirrorSource source) {
		return new MirrorTimeouts(source.timeouts(), SourceTimeouts.explicit(source.overrides()), source.pollInterval(),
				this.phi);
	}

	/** The deadlines of the source's Active statuses follow its timeouts. */
	void retime(MirrorSource source) {
		this.statuses.retimeMirrored(source.id(), of(source));
	}

}
