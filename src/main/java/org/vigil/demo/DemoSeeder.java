package org.vigil.demo;

import static org.vigil.db.Tables.OFFERING;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.liveness.LivenessProperties;
import org.vigil.status.AgentType;
import org.vigil.status.StatusChanges;
import org.vigil.status.StatusKey;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Once the server takes requests: seeds {@link DemoCatalogue} through the administration
 * API (what exists already is kept, so a demo database can be reused), starts the
 * simulated agents and prints how to open the dashboard.
 */
@Component
@ConditionalOnProperty(name = "vigil.demo", havingValue = "true")
class DemoSeeder {

	private static final Logger log = LoggerFactory.getLogger(DemoSeeder.class);

	static final String INBOX_CHANNEL = "Demo team room";

	private final DemoGuard guard;

	private final DemoAgents agents;

	private final DSLContext db;

	private final StatusChanges statuses;

	private final LivenessProperties liveness;

	private final Environment environment;

	private final DemoInbox inbox;

	private volatile String url;

	DemoSeeder(DemoGuard guard, DemoAgents agents, DSLContext db, StatusChanges statuses, LivenessProperties liveness,
			Environment environment, DemoInbox inbox) {
		this.guard = guard;
		this.agents = agents;
		this.db = db;
		this.statuses = statuses;
		this.liveness = liveness;
		this.environment = environment;
		this.inbox = inbox;
	}

	/** The dashboard's address, with a sign-in link for the staff key. */
	String url() {
		return this.url;
	}

	@EventListener
	void seed(ApplicationReadyEvent event) {
		if (!(event.getApplicationContext() instanceof WebServerApplicationContext web)) {
			return;
		}
		String path = this.environment.getProperty("server.servlet.context-path", "").replaceAll("/+$", "");
		String base = "http://localhost:" + web.getWebServer().getPort() + path;
		DemoClient client = new DemoClient(base);
		String staff = this.guard.staffKey();

		Map<String, String> customers = new HashMap<>();
		for (String name : DemoCatalogue.CUSTOMERS) {
			customers.put(name,
					client.findBy("/api/customers/", "name", name, staff)
						.orElseGet(() -> client.post("/api/customers/", staff, Map.of("name", name)))
						.path("uuid")
						.asString());
		}
		List<DemoAgents.Agent> simulated = new ArrayList<>();
		for (DemoCatalogue.DemoOffering offering : DemoCatalogue.OFFERINGS) {
			String uuid = client.findBy("/api/marketplace-provider-offerings/", "slug", offering.slug(), staff)
				.orElseGet(() -> client.post("/api/marketplace-provider-offerings/", staff,
						Map.of("name", offering.name(), "customer", customers.get(offering.customer()), "slug",
								offering.slug(), "type", offering.type())))
				.path("uuid")
				.asString();
			offering.neverHeardFrom().forEach((type) -> unknownStatus(offering.slug(), type));
			if (!offering.agentTypes().isEmpty()) {
				String agentUser = user(client, staff, DemoCatalogue.USER_PREFIX + "agent-" + offering.slug());
				String key = client
					.post("/api/users/" + agentUser + "/tokens/", staff,
							Map.of("offering_uuids", List.of(uuid), "label", "demo agent"))
					.path("key")
					.asString();
				simulated.add(new DemoAgents.Agent(offering, uuid, key));
			}
		}
		String operator = user(client, staff, DemoCatalogue.OPERATOR);
		String firstCustomer = DemoCatalogue.CUSTOMERS.get(0);
		client.post("/api/customers/" + customers.get(firstCustomer) + "/add_user/", staff,
				Map.of("user", operator, "role", "CUSTOMER.OWNER"));
		String operatorKey = client.post("/api/users/" + operator + "/tokens/", staff, Map.of("label", "demo"))
			.path("key")
			.asString();

		// Alerts go somewhere a newcomer can read them: the demo's own team room.
		client.findBy("/api/notification-channels/", "name", INBOX_CHANNEL, staff)
			.ifPresentOrElse(
					(room) -> client.patch("/api/notification-channels/" + room.path("uuid").asString() + "/", staff,
							Map.of("url", this.inbox.url())),
					() -> client.post("/api/notification-channels/", staff,
							Map.of("name", INBOX_CHANNEL, "kind", "slack", "url", this.inbox.url())));
		this.agents.start(client, simulated);
		this.url = base + "/#token=" + staff;
		announce(base, staff, operatorKey, firstCustomer, simulated.size());
	}

	private static String user(DemoClient client, String staff, String username) {
		return client.findBy("/api/users/", "username", username, staff)
			.orElseGet(() -> client.post("/api/users/", staff, Map.of("username", username)))
			.path("uuid")
			.asString();
	}

	/** A status nobody has heard from: the API has no way to make one. */
	private void unknownStatus(String slug, AgentType type) {
		Long offering = this.db.select(OFFERING.ID).from(OFFERING).where(OFFERING.SLUG.eq(slug)).fetchOne(OFFERING.ID);
		this.statuses.register(new StatusKey(offering, type));
	}

	private void announce(String base, String staff, String operatorKey, String customer, int agentCount) {
		String banner = String.join(System.lineSeparator(), "",
				"=====================================================================================",
				"  Vigil demo is running. Open the dashboard (this link signs you in as staff):",
				"    " + base + "/#token=" + staff, "  or open " + base + "/ and sign in with",
				"    staff token:     " + staff,
				"    operator token:  " + operatorKey + "   (owner of " + customer + ": sees only its statuses)",
				"  " + agentCount + " simulated agents check in through the API; some fall silent and come back.",
				"  Timeouts: " + this.liveness.timeout(AgentType.ORDER_PROCESSING).toSeconds()
						+ " s for order processing, " + this.liveness.defaultTimeout().toSeconds()
						+ " s for the others. Alerts go to the demo's team room: see Alerts.",
				"  Stop with Ctrl+C.",
				"=====================================================================================", "");
		System.out.println(banner);
		log.warn("Demo mode: simulated data and agents; the dashboard is at {}/", base);
	}

}
