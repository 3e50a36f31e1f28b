package org.vigil.agents;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A source's whole site-agent registry as one complete read found it: identities,
 * services and processors, each naming its parent by upstream UUID.
 */
public record RegistryRead(List<Identity> identities, List<Service> services, List<Processor> processors) {

	/** An agent identity: one per agent, on one offering. */
	public record Identity(UUID uuid, UUID offeringUuid, String name, String version, Instant lastRestarted) {
	}

	/** A service of an identity: a mode the agent runs in, and its state. */
	public record Service(UUID uuid, UUID identityUuid, String name, String mode, String state) {
	}

	/** A processor of a service: a backend and when the agent last ran it. */
	public record Processor(UUID uuid, UUID serviceUuid, String name, String backendType, String backendVersion,
			Instant lastRun) {
	}

}
