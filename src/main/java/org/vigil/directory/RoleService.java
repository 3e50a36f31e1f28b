package org.vigil.directory;

import static org.vigil.db.Tables.CUSTOMER_ROLE;
import static org.vigil.db.Tables.OFFERING_ROLE;

import java.time.Clock;
import java.util.Map;
import java.util.UUID;

import org.jooq.DSLContext;
import org.vigil.audit.AuditAction;
import org.vigil.audit.AuditLog;
import org.vigil.audit.AuditObject;
import org.vigil.audit.Changes;
import org.vigil.auth.Caller;
import org.vigil.system.Clocks;
import org.vigil.web.FieldErrors;
import org.vigil.web.Inputs;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Role grants. Lists compute visibility in SQL from these tables; check-ins use the
 * grants cached with the caller's credentials, which every write here drops
 * (auth.CredentialWrites). Either way a grant or a removal counts from the next request
 * on. Each grant or removal that changes something is in the audit log, as a role event
 * naming the customer or offering the role is on.
 */
@Service
class RoleService {

	private final DSLContext db;

	private final UserRepository users;

	private final Clock clock;

	private final AuditLog audit;

	RoleService(DSLContext db, UserRepository users, Clock clock, AuditLog audit) {
		this.db = db;
		this.users = users;
		this.clock = clock;
		this.audit = audit;
	}

	@Transactional
	RoleGrant grantOnCustomer(Caller caller, Customer customer, RoleRequest body) {
		Grant grant = validate(body, true);
		int added = this.db.insertInto(CUSTOMER_ROLE)
			.set(CUSTOMER_ROLE.ACCOUNT_ID, grant.user().id())
			.set(CUSTOMER_ROLE.CUSTOMER_ID, customer.id())
			.set(CUSTOMER_ROLE.ROLE, grant.role().wireName())
			.set(CUSTOMER_ROLE.CREATED, Clocks.now(this.clock))
			.onConflictDoNothing()
			.execute();
		return recorded(caller, AuditAction.ADD_ROLE, new RoleGrant(grant.user(), grant.role(), added > 0),
				customer.uuid(), customer.id());
	}

	@Transactional
	RoleGrant revokeOnCustomer(Caller caller, Customer customer, RoleRequest body) {
		Grant grant = validate(body, true);
		int removed = this.db.deleteFrom(CUSTOMER_ROLE)
			.where(CUSTOMER_ROLE.ACCOUNT_ID.eq(grant.user().id()))
			.and(CUSTOMER_ROLE.CUSTOMER_ID.eq(customer.id()))
			.and(CUSTOMER_ROLE.ROLE.eq(grant.role().wireName()))
			.execute();
		return recorded(caller, AuditAction.REMOVE_ROLE, new RoleGrant(grant.user(), grant.role(), removed > 0),
				customer.uuid(), customer.id());
	}

	@Transactional
	RoleGrant grantOnOffering(Caller caller, Offering offering, RoleRequest body) {
		Grant grant = validate(body, false);
		int added = this.db.insertInto(OFFERING_ROLE)
			.set(OFFERING_ROLE.ACCOUNT_ID, grant.user().id())
			.set(OFFERING_ROLE.OFFERING_ID, offering.id())
			.set(OFFERING_ROLE.ROLE, grant.role().wireName())
			.set(OFFERING_ROLE.CREATED, Clocks.now(this.clock))
			.onConflictDoNothing()
			.execute();
		return recorded(caller, AuditAction.ADD_ROLE, new RoleGrant(grant.user(), grant.role(), added > 0),
				offering.uuid(), offering.customerId());
	}

	@Transactional
	RoleGrant revokeOnOffering(Caller caller, Offering offering, RoleRequest body) {
		Grant grant = validate(body, false);
		int removed = this.db.deleteFrom(OFFERING_ROLE)
			.where(OFFERING_ROLE.ACCOUNT_ID.eq(grant.user().id()))
			.and(OFFERING_ROLE.OFFERING_ID.eq(offering.id()))
			.and(OFFERING_ROLE.ROLE.eq(grant.role().wireName()))
			.execute();
		return recorded(caller, AuditAction.REMOVE_ROLE, new RoleGrant(grant.user(), grant.role(), removed > 0),
				offering.uuid(), offering.customerId());
	}

	/** A grant or removal that changed something goes in the audit log. */
	private RoleGrant recorded(Caller caller, AuditAction action, RoleGrant grant, UUID scopeUuid, long customerId) {
		if (grant.changed()) {
			Map<String, Object> role = Changes.fields("user", grant.user().uuid(), "username", grant.user().username(),
					"role", grant.role().wireName());
			this.audit.record(caller, action, AuditObject.ROLE, scopeUuid, customerId,
					(action == AuditAction.ADD_ROLE) ? Changes.created(role) : Changes.deleted(role));
		}
		return grant;
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
