package io.jitney.benchmarks.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/** What the report says about the machine and the versions measured. */
final class Machine {
    private Machine() {}

    static Map<String, String> describe(Map<String, String> opts) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("CPU", cpuModel() + ", " + Runtime.getRuntime().availableProcessors() + " cores");
        m.put("Kernel", read("/proc/sys/kernel/osrelease"));
        m.put("JDK", System.getProperty("java.vm.vendor") + " " + System.getProperty("java.vm.name") + " "
                + System.getProperty("java.runtime.version"));
        m.put("dbus-daemon", firstLine(Compare.output(List.of(opts.getOrDefault("dbus-daemon", "dbus-daemon"), "--version"), 10)));
        m.put("JMH", mavenVersion("org.openjdk.jmh", "jmh-core"));
        m.put("dbus-java", mavenVersion("com.github.hypfvieh", "dbus-java-core")
                + " (dbus-java-transport-native-unixsocket " + mavenVersion("com.github.hypfvieh",
                "dbus-java-transport-native-unixsocket") + ")");
        if (opts.containsKey("jeepney-python")) {
            m.put("Jeepney", firstLine(Compare.output(List.of(opts.get("jeepney-python"), "-c",
                    "import sys, jeepney; print('jeepney', jeepney.__version__, 'on Python', sys.version.split()[0], sys.executable)"), 30)));
        }
        if (opts.containsKey("dbus-fast-python")) {
            m.put("dbus-fast", firstLine(Compare.output(List.of(opts.get("dbus-fast-python"), "-c",
                    "import sys; from dbus_fast.__version__ import __version__ as v; print('dbus-fast', v, 'on Python', sys.version.split()[0], sys.executable)"), 30)));
        }
        if (opts.containsKey("c-client")) {
            m.put("C client", "libsystemd " + firstLine(Compare.output(List.of("pkg-config", "--modversion", "libsystemd"), 10))
                    + " (sd-bus), libdbus " + firstLine(Compare.output(List.of("pkg-config", "--modversion", "dbus-1"), 10))
                    + ", " + firstLine(Compare.output(List.of("gcc", "--version"), 10)) + " -O2");
        }
        if (opts.containsKey("dbus-test-tool")) {
            m.put("dbus-test-tool", opts.get("dbus-test-tool") + " (Debian dbus-tests)");
        }
        return m;
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).strip();
                }
            }
        } catch (IOException e) {
            // fall through
        }
        return System.getProperty("os.arch");
    }

    private static String read(String file) {
        try {
            return Files.readString(Path.of(file)).strip();
        } catch (IOException e) {
            return "?";
        }
    }

    static String firstLine(String s) {
        if (s == null || s.isBlank()) {
            return "?";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    static String mavenVersion(String group, String artifact) {
        try (InputStream in = Machine.class.getResourceAsStream("/META-INF/maven/" + group + "/" + artifact + "/pom.properties")) {
            if (in == null) {
                return "?";
            }
            var p = new Properties();
            p.load(in);
            return p.getProperty("version", "?");
        } catch (IOException e) {
            return "?";
        }
    }
}
