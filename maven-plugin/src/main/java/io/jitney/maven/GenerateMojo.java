package io.jitney.maven;

import io.jitney.bindgen.Bindgen;
import io.jitney.bindgen.introspection.IntrospectionException;
import java.io.File;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/**
 * Generates Java source — a message generator and a typed interface per D-Bus interface — from
 * D-Bus introspection XML, and adds the output directory to the compile source roots.
 *
 * <pre>{@code
 * <plugin>
 *   <groupId>io.jitney</groupId>
 *   <artifactId>jitney-maven-plugin</artifactId>
 *   <version>...</version>
 *   <executions>
 *     <execution>
 *       <goals><goal>generate</goal></goals>
 *       <configuration>
 *         <packageName>com.example.dbus</packageName>
 *         <!-- optional: files or directories; default src/main/dbus -->
 *         <sources><source>src/main/dbus/org.example.Sample.xml</source></sources>
 *       </configuration>
 *     </execution>
 *   </executions>
 * </plugin>
 * }</pre>
 */
@Mojo(name = "generate", defaultPhase = LifecyclePhase.GENERATE_SOURCES, threadSafe = true)
public class GenerateMojo extends AbstractMojo {
    /**
     * Introspection XML files, or directories meaning every {@code *.xml} file below them. When
     * not set, {@link #sourceDirectory} is used.
     */
    @Parameter
    private List<File> sources;

    /** Where the introspection XML is when {@link #sources} is not set. */
    @Parameter(property = "jitney.sourceDirectory", defaultValue = "${project.basedir}/src/main/dbus")
    private File sourceDirectory;

    /** The Java package of the generated code. */
    @Parameter(property = "jitney.packageName", required = true)
    private String packageName;

    /** The source root the code is written to; added to the project's compile source roots. */
    @Parameter(property = "jitney.outputDirectory",
            defaultValue = "${project.build.directory}/generated-sources/jitney")
    private File outputDirectory;

    /** Also generate {@code Peer}, {@code Introspectable}, {@code Properties} and {@code ObjectManager}. */
    @Parameter(property = "jitney.includeStandardInterfaces", defaultValue = "false")
    private boolean includeStandardInterfaces;

    /** Skip generation. */
    @Parameter(property = "jitney.skip", defaultValue = "false")
    private boolean skip;

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    private MavenProject project;

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("jitney:generate skipped");
            return;
        }
        List<Path> inputs = new ArrayList<>();
        if (sources != null && !sources.isEmpty()) {
            for (File f : sources) {
                if (!f.exists()) {
                    throw new MojoFailureException("introspection XML not found: " + f);
                }
                inputs.add(f.toPath());
            }
        } else if (sourceDirectory.isDirectory()) {
            inputs.add(sourceDirectory.toPath());
        } else {
            throw new MojoFailureException("no introspection XML: " + sourceDirectory
                    + " does not exist; put the XML there or list files or directories in <sources>");
        }
        Bindgen.Result result;
        try {
            result = Bindgen.fromXml(inputs).packageName(packageName)
                    .includeStandardInterfaces(includeStandardInterfaces).writeTo(outputDirectory.toPath());
        } catch (IntrospectionException | IllegalArgumentException e) {
            throw new MojoFailureException(e.getMessage(), e);
        } catch (UncheckedIOException e) {
            throw new MojoExecutionException(e.getMessage(), e);
        }
        result.warnings().forEach(w -> getLog().warn(w));
        if (result.files().isEmpty()) {
            getLog().warn("no interfaces to generate from " + inputs
                    + (includeStandardInterfaces ? "" : " (standard interfaces are skipped)"));
        } else {
            getLog().info("generated " + result.files().size() + " files in " + outputDirectory);
        }
        if (project != null && Files.isDirectory(outputDirectory.toPath())) {
            project.addCompileSourceRoot(outputDirectory.getAbsolutePath());
        }
    }
}
