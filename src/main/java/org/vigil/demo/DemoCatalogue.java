package org.vigil.demo;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.vigil.status.AgentType;

/**
 * What the demo seeds: four customers, a dozen offerings, and for each offering the agent
 * that serves it (which agent types it reports, and how it behaves) or the statuses
 * nobody has heard from yet. Every agent type and every status appears.
 */
final class DemoCatalogue {

	/** How a simulated agent behaves. */
	enum Behaviour {

		/** Checks in on every tick. */
		STEADY,
		/**
		 * Checks in for a while, falls silent past its timeout, comes back; over and
		 * over.
		 */
		FLAKY,
		/** Checks in briefly, then stays away for several timeouts before coming back. */
		OUTAGE

	}

	record DemoOffering(String customer, String name, String slug, String type, List<AgentType> agentTypes,
			Behaviour behaviour, String serviceName, List<AgentType> neverHeardFrom) {
	}

	static final List<String> CUSTOMERS = List.of("Acme Research", "Globex University", "Initech Labs",
			"Umbrella Health");

	static final List<DemoOffering> OFFERINGS = List.of(
			offering("Acme Research", "HPC Cluster", "Marketplace.Slurm", Behaviour.STEADY,
					"waldur-site-agent-slurm/0.9.4", AgentType.ORDER_PROCESSING, AgentType.USAGE_REPORTING,
					AgentType.RESOURCE_SYNC),
			offering("Acme Research", "GPU Partition", "Marketplace.Slurm", Behaviour.FLAKY,
					"waldur-site-agent-slurm/0.9.4", AgentType.ORDER_PROCESSING, AgentType.USAGE_REPORTING),
			offering("Acme Research", "Cloud VMs", "OpenStack.Tenant", Behaviour.STEADY,
					"waldur-site-agent-openstack/0.9.1", AgentType.ORDER_PROCESSING, AgentType.EVENT_PROCESSING),
			offering("Globex University", "Teaching Lab", "Marketplace.Slurm", Behaviour.FLAKY,
					"waldur-site-agent-slurm/0.8.7", AgentType.ORDER_PROCESSING, AgentType.USAGE_REPORTING,
					AgentType.GLAUTH_SYNC),
			offering("Globex University", "Object Storage", "Marketplace.Basic", Behaviour.STEADY,
					"waldur-site-agent-basic/0.9.0", AgentType.USAGE_REPORTING),
			offering("Globex University", "Jupyter Hub", "Marketplace.Basic", Behaviour.OUTAGE,
					"waldur-site-agent-basic/0.9.0", AgentType.ORDER_PROCESSING),
			offering("Initech Labs", "Kubernetes", "Marketplace.Rancher", Behaviour.STEADY,
					"waldur-site-agent-rancher/0.7.2", AgentType.ORDER_PROCESSING, AgentType.RESOURCE_SYNC,
					AgentType.EVENT_PROCESSING),
			offering("Initech Labs", "Data Archive", "Marketplace.Basic", Behaviour.FLAKY,
					"waldur-site-agent-basic/0.9.0", AgentType.USAGE_REPORTING),
			new DemoOffering("Initech Labs", "Analytics Platform", "initech-analytics-platform", "Marketplace.Basic",
					List.of(), Behaviour.STEADY, "", List.of(AgentType.ORDER_PROCESSING, AgentType.USAGE_REPORTING)),
			offering("Umbrella Health", "Secure Enclave", "Marketplace.Slurm", Behaviour.STEADY,
					"waldur-site-agent-slurm/0.9.4", AgentType.ORDER_PROCESSING, AgentType.GLAUTH_SYNC),
			offering("Umbrella Health", "Genomics Pipeline", "Marketplace.Slurm", Behaviour.FLAKY,
					"waldur-site-agent-slurm/0.9.4", AgentType.ORDER_PROCESSING, AgentType.USAGE_REPORTING,
					AgentType.EVENT_PROCESSING),
			new DemoOffering("Umbrella Health", "Identity Directory", "umbrella-identity-directory",
					"Marketplace.Basic", List.of(AgentType.GLAUTH_SYNC), Behaviour.STEADY,
					"waldur-site-agent-glauth/0.6.0", List.of(AgentType.RESOURCE_SYNC)));

	/**
	 * Demo users' names start with this; any other user (but the bootstrap admin) is
	 * somebody else's.
	 */
	static final String USER_PREFIX = "demo-";

	static final String STAFF = "demo-admin";

	/**
	 * Owner of the first customer: signs in to see the dashboard as an operator sees it.
	 */
	static final String OPERATOR = "demo-operator";

	private DemoCatalogue() {
	}

	static Set<String> offeringSlugs() {
		return OFFERINGS.stream().map(DemoOffering::slug).collect(Collectors.toSet());
	}

	private static DemoOffering offering(String customer, String name, String type, Behaviour behaviour,
			String serviceName, AgentType... agentTypes) {
		String slug = (customer.split(" ")[0] + "-" + name).toLowerCase(java.util.Locale.ROOT).replace(' ', '-');
		return new DemoOffering(customer, name, slug, type, List.of(agentTypes), behaviour, serviceName, List.of());
	}

}
