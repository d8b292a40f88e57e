package critdamp;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;

import java.util.ArrayList;
import java.util.List;

/**
 * The package structure of common's main code (README "Development", package map): no package depends, directly or
 * through others, on itself, and each package uses only the packages below it in {@link #BOTTOM_UP}. Read from the
 * compiled classes (imports in Javadoc alone do not count). A new dependency that breaks the order fails the build:
 * move the code to the package where it belongs, or, if the order itself should change, change it here and in the
 * README together. The engine contract ({@code engine}) sits on the model and optimizer; its two implementations
 * ({@code dl4j}, {@code torch}) sit side by side above everything a training step uses (attribution probes, frozen
 * groups), and below what records and drives runs.
 */
@AnalyzeClasses(packages = "critdamp", importOptions = ImportOption.DoNotIncludeTests.class)
class PackageCyclesTest {
    /** common's packages, bottom-up: each may use only those before it. */
    static final List<String> BOTTOM_UP = List.of("critdamp.base", "critdamp.gpu", "critdamp.fastpath",
            "critdamp.schedule", "critdamp.optim", "critdamp.model", "critdamp.engine", "critdamp.attribution",
            "critdamp.config", "critdamp.data", "critdamp.memory", "critdamp.train", "critdamp.retrain", "critdamp.dl4j",
            "critdamp.torch", "critdamp.run", "critdamp.sweep", "critdamp.scaling", "critdamp.report");

    @ArchTest
    static final ArchRule noPackageCycles = slices().matching("critdamp.(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule eachPackageUsesOnlyThoseBelowIt = usesOnlyPackagesBelow(BOTTOM_UP);

    @ArchTest
    static final ArchRule everyPackageHasItsPlace = classes().should().resideInAnyPackage(
            BOTTOM_UP.stream().map(p -> p + "..").toArray(String[]::new)).as("every package is in " + BOTTOM_UP);

    /** One rule per package of {@code bottomUp}: none of its classes depends on a package listed after it. */
    static ArchRule usesOnlyPackagesBelow(List<String> bottomUp) {
        List<ArchRule> rules = new ArrayList<>();
        for (int i = 0; i < bottomUp.size() - 1; i++) {
            String[] above = bottomUp.subList(i + 1, bottomUp.size()).stream().map(p -> p + "..")
                    .toArray(String[]::new);
            rules.add(noClasses().that().resideInAPackage(bottomUp.get(i) + "..")
                    .should().dependOnClassesThat().resideInAnyPackage(above));
        }
        return CompositeArchRule.of(rules).as("each package uses only the packages below it in " + bottomUp);
    }
}
