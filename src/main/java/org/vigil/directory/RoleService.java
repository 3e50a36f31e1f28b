package org.vigil.directory;

import static org.vigil.db.Tables.CUSTOMER_ROLE;
import static org.vigil.db.Tables.OFFERING_ROLE;

import java.time.Clock;

import org.jooq.DSLContext;
import org.vigil.system.Clocks;
import org.vigil.web.FieldErrors;
import org.vigil.web.Inputs;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Role grants. Lists compute visibility in SQL from these tables; check-ins use the
 * grants cached with the caller's credentials, which every write here drops
 * (auth.CredentialWrites). Either way a grant or a removal counts from the next request
 * on.
 */
@Service
class RoleService {

	private final DSLContext db;

	private final UserRepository users;

	private final Clock clock;

	RoleService(DSLContext db, UserRepository users, Clock clock) {
		this.db = db;
		this.users = users;
		this.clock = clock;
	}

	@Transactional
	RoleGrant grantOnCustomer(Customer customer, RoleRequest body) {
		Grant grant = validate(body, true);
		int added = this.db.insertInto(CUSTOMER_ROLE)
			.set(CUSTOMER_ROLE.ACCOUNT_ID, grant.user().id())
			.set(CUSTOMER_ROLE.CUSTOMER_ID, customer.id())
			.set(CUSTOMER_ROLE.ROLE, grant.role().wireName())
			.set(CUSTOMER_ROLE.CREATED, Clocks.now(this.clock))
			.onConflictDoNothing()
			.execute();
		return new RoleGrant(grant.user(), grant.role(), added > 0);
	}

	@Transactional
	void revokeOnCustomer(Customer customer, RoleRequest body) {
		Grant grant = validate(body, true);
		this.db.deleteFrom(CUSTOMER_ROLE)
			.where(CUSTOMER_ROLE.ACCOUNT_ID.eq(grant.user().id()))
			.and(CUSTOMER_ROLE.CUSTOMER_ID.eq(customer.id()))
			.and(CUSTOMER_ROLE.ROLE.eq(grant.role().wireName()))
			.execute();
	}

	@Transactional
	RoleGrant grantOnOffering(Offering offering, RoleRequest body) {
		Grant grant = validate(body, false);
		int added = this.db.insertInto(OFFERING_ROLE)
			.set(OFFERING_ROLE.ACCOUNT_ID, grant.user().id())
			.set(OFFERING_ROLE.OFFERING_ID, offering.id())
			.set(OFFERING_ROLE.ROLE, grant.role().wireName())
			.set(OFFERING_ROLE.CREATED, Clocks.now(this.clock))
			.onConflictDoNothing()
			.execute();
		return new RoleGrant(grant.user(), grant.role(), added > 0);
	}

	@Transactional
	void revokeOnOffering(Offering offering, RoleRequest body) {
		Grant grant = validate(body, false);
		this.db.deleteFrom(OFFERING_ROLE)
			.where(OFFERING_ROLE.ACCOUNT_ID.eq(grant.user().id()))
			.and(OFFERING_ROLE.OFFERING_ID.eq(offering.id()))
			.and(OFFERING_ROLE.ROLE.eq(grant.role().wireName()))
			.execute();
	}

	private Grant validate(RoleRequest body, boolean onCustomer) {
		FieldErrors errors = new FieldErrors();
		String userRef = Inputs.requiredText(errors, "user", body.user(), 200);
		User user = null;
		if (userRef != null) {
			user = References.parse(userRef, "users").flatMap(this.users::find).orElse(null);
			if (user == null) {
				errors.add("user", "User \"" + userRef + "\" does not exist.");
			}
		}
		String roleName = Inputs.requiredText(errors, "role", body.role(), 50);
		Role role = null;
		if (roleName != null) {
			role = Role.parse(roleName, onCustomer).orElse(null);
			if (role == null) {
				errors.add("role", "Select a valid choice. " + roleName + " is not one of the available choices: "
						+ Role.choices(onCustomer) + ".");
			}
		}
		errors.throwIfAny();
		return new Grant(user, role);
	}

	private record Grant(User user, Role role) {
	}

}
