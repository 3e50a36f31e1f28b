package org.vigil.directory;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * With {@code VIGIL_BOOTSTRAP_TOKEN} set, the staff user {@code admin} exists, is active
 * and holds that key (and no earlier bootstrap key), so a fresh install can be driven
 * over the API. Runs after the migrations and before the server takes requests. Without
 * it, on a database where no staff user can sign in, it warns loudly at the end of the
 * start: nobody could administer Vigil.
 */
@Component
class BootstrapAdmin implements InitializingBean {

	static final String USERNAME = "admin";

	static final String LABEL = "bootstrap";

	private static final Logger log = LoggerFactory.getLogger(BootstrapAdmin.class);

	private final StaffKeys staffKeys;

	private final TransactionTemplate transactions;

	private final String key;

	BootstrapAdmin(StaffKeys staffKeys, TransactionTemplate transactions, BootstrapProperties properties) {
		this.staffKeys = staffKeys;
		this.transactions = transactions;
		this.key = properties.bootstrapToken();
	}

	@Override
	public void afterPropertiesSet() {
		if (this.key.isEmpty()) {
			return;
		}
		this.transactions.executeWithoutResult((status) -> ensureAdmin());
		log.info("Bootstrap token is valid for the staff user '{}'", USERNAME);
	}

	/** After every start-up step, so the demo's staff user counts. */
	@EventListener
	void warnIfNobodyCanSignIn(ApplicationStartedEvent event) {
		if (!this.key.isEmpty() || this.staffKeys.anyValid()) {
			return;
		}
		log.warn(String.join(System.lineSeparator(), "",
				"=====================================================================================",
				"  Nobody can sign in: there is no staff user with a valid key, and VIGIL_BOOTSTRAP_TOKEN",
				"  is not set. Restart Vigil with a bootstrap token; it becomes the key of the staff user",
				"  'admin' (keep it: it signs in to the dashboard and the API):",
				"    export VIGIL_BOOTSTRAP_TOKEN=$(openssl rand -hex 20); echo $VIGIL_BOOTSTRAP_TOKEN",
				"====================================================================================="));
	}

	private void ensureAdmin() {
		this.staffKeys.grant(USERNAME, this.key, LABEL);
	}

}
