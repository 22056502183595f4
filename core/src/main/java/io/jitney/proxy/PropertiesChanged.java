package io.jitney.proxy;

import io.jitney.wire.Variant;
import java.util.List;
import java.util.Map;

/**
 * The standard {@code org.freedesktop.DBus.Properties.PropertiesChanged} signal: the properties
 * of {@code interfaceName} that changed, with their new values, and those that changed but whose
 * values were not sent ({@code invalidated}: read them again). See
 * {@link TypedProxy#onPropertiesChanged}. The map keeps the order the signal had.
 */
@DBusSignal(value = "PropertiesChanged", interfaceName = "org.freedesktop.DBus.Properties")
public record PropertiesChanged(String interfaceName, Map<String, Variant> changed, List<String> invalidated) {}
