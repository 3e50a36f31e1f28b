package org.vigil;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;
import org.vigil.support.OneStore;

import org.springframework.stereotype.Controller;

/**
 * The feature packages depend on each other in one direction only: a cycle between two of
 * them means a rule has two homes, or a low package reaches up into a feature.
 */
@OneStore
class ArchitectureTest {

	private static final JavaClasses VIGIL = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("org.vigil");

	@Test
	void featurePackagesHaveNoCycles() {
		slices().matching("org.vigil.(*)..").should().beFreeOfCycles().check(VIGIL);
	}

	/**
	 * {@code web} (Waldur's conventions) and {@code system} (cross-cutting settings)
	 * serve every feature and know none.
	 */
	@Test
	void theGroundFloorKnowsNoFeature() {
		noClasses().that()
			.resideInAnyPackage("org.vigil.web..", "org.vigil.system..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("org.vigil.alerts..", "org.vigil.apidoc..", "org.vigil.audit..", "org.vigil.auth..",
					"org.vigil.checkin..", "org.vigil.demo..", "org.vigil.directory..", "org.vigil.events..",
					"org.vigil.liveness..", "org.vigil.mirror..", "org.vigil.status..")
			.check(VIGIL);
	}

	/**
	 * A controller speaks HTTP: it reads parameters, calls its feature's repository or
	 * service and shapes the answer. Queries and their conditions live in the repository
	 * (or a filter class of the feature), so a controller never names a table.
	 */
	@Test
	void controllersNameNoTable() {
		noClasses().that()
			.areMetaAnnotatedWith(Controller.class)
			.should()
			.dependOnClassesThat()
			.haveFullyQualifiedName("org.vigil.db.Tables")
			.orShould()
			.dependOnClassesThat()
			.resideInAPackage("org.vigil.db.tables..")
			.check(VIGIL);
	}

	/**
	 * The stages of alerts depend on each other in one direction: a channel's API uses
	 * planning (what the planner remembers of it) and delivery (the test action, the
	 * address rule); planning uses windows and delivery; history reads what delivery
	 * wrote.
	 */
	@Test
	void alertStagesHaveNoCycles() {
		slices().matching("org.vigil.alerts.(*)..").should().beFreeOfCycles().check(VIGIL);
	}

}
