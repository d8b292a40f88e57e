package critdamp.spark;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;
import critdamp.spark.cli.CritdampMain;

import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;

/**
 * The package structure of spark-jobs' main code (README "Development", package map), as common's own
 * {@code critdamp.PackageCyclesTest} checks common's: no package cycle, every package at its own depth
 * ({@code critdamp.spark.train} and {@code critdamp.spark.data} are two), and each package using only common and the
 * packages below it in {@link #BOTTOM_UP}. Only this module's classes are imported (common, on the classpath as a
 * folder or a jar, has its own test and cannot see these packages).
 */
@AnalyzeClasses(packages = "critdamp",
        importOptions = {ImportOption.DoNotIncludeTests.class, PackageCyclesTest.ThisModule.class})
class PackageCyclesTest {
    /** spark-jobs' packages, bottom-up (all above common's): each may use only those before it. */
    static final List<String> BOTTOM_UP = List.of("critdamp.spark.rdd", "critdamp.spark.executor",
            "critdamp.spark.attribution", "critdamp.spark.data", "critdamp.spark.train", "critdamp.spark.sweep",
            "critdamp.spark.pipeline", "critdamp.spark.scaling", "critdamp.bench", "critdamp.spark.cli");

    @ArchTest
    static final ArchRule noPackageCycles = slices().matching("critdamp.(**)").should().beFreeOfCycles();

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

    /** Imports only the classes of the folder that holds this module's {@link CritdampMain} (its target/classes). */
    public static final class ThisModule implements ImportOption {
        private static final String ROOT = root();

        @Override
        public boolean includes(Location location) {
            return location.asURI().toString().startsWith(ROOT);
        }

        private static String root() {
            try {
                return CritdampMain.class.getProtectionDomain().getCodeSource().getLocation().toURI().toString();
            } catch (URISyntaxException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
