package org.vigil.support;

import static org.vigil.db.Tables.ACCOUNT;
import static org.vigil.db.Tables.AUDIT_EVENT;
import static org.vigil.db.Tables.CUSTOMER;
import static org.vigil.db.Tables.CUSTOMER_ROLE;
import static org.vigil.db.Tables.INTEGRATION_STATUS;
import static org.vigil.db.Tables.NOTIFICATION_CHANNEL;
import static org.vigil.db.Tables.MIRROR_SOURCE;
import static org.vigil.db.Tables.OFFERING;
import static org.vigil.db.Tables.OFFERING_ROLE;
import static org.vigil.db.Tables.STATUS_EVENT;
import static org.vigil.db.Tables.TOKEN;
import static org.vigil.db.Tables.TOKEN_OFFERING;

import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeEach;
import org.vigil.auth.TokenKeys;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

/**
 * A test against a real running Vigil on a random port, over HTTP. It runs on H2 and, in
 * the PostgreSQL pass of the build (VIGIL_TEST_POSTGRES_URL), on PostgreSQL. Every test
 * starts from a database holding only the bootstrap admin, on the system clock
 * ({@link TestClock}).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@Import(TestClock.Config.class)
public abstract class ApiTest {

	/** The bootstrap key of application-test.properties: the staff user {@code admin}. */
	protected static final String ADMIN = "test-bootstrap-key-0123456789abcdef";

	@LocalServerPort
	private int port;

	@Autowired
	protected DSLContext db;

	/** The application's clock: the system clock unless the test freezes it. */
	@Autowired
	protected TestClock clock;

	protected Api api;

	/** For requests {@link Api} cannot send: odd paths, bytes and headers. */
	protected RawHttp raw;

	protected Fixtures fixtures;

	@BeforeEach
	void startFromEmptyDatabase() {
		this.clock.followSystem();
		// Global channels have no customer to go with; their alert state and deliveries
		// go with them.
		this.db.deleteFrom(NOTIFICATION_CHANNEL).execute();
		this.db.deleteFrom(AUDIT_EVENT).execute();
		this.db.deleteFrom(STATUS_EVENT).execute();
		this.db.deleteFrom(INTEGRATION_STATUS).execute();
		this.db.deleteFrom(TOKEN_OFFERING).execute();
		this.db.deleteFrom(OFFERING_ROLE).execute();
		this.db.deleteFrom(CUSTOMER_ROLE).execute();
		this.db.update(OFFERING).setNull(OFFERING.PARENT_ID).execute();
		this.db.deleteFrom(OFFERING).execute();
		this.db.deleteFrom(CUSTOMER).execute();
		this.db.deleteFrom(MIRROR_SOURCE).execute();
		// Every token but the bootstrap key, so a test that made the admin another token
		// leaves the next one a single admin token.
		this.db.deleteFrom(TOKEN).where(TOKEN.KEY_DIGEST.ne(TokenKeys.digest(ADMIN))).execute();
		this.db.deleteFrom(ACCOUNT).where(ACCOUNT.USERNAME.ne("admin")).execute();
		this.api = new Api(this.port);
		this.raw = new RawHttp(this.port);
		this.fixtures = new Fixtures(this.api, ADMIN);
	}

}
