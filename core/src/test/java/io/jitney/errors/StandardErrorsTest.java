package io.jitney.errors;

import static org.assertj.core.api.Assertions.assertThat;

import io.jitney.DBusErrorException;
import io.jitney.message.Message;
import io.jitney.message.MessageType;
import java.util.List;
import org.junit.jupiter.api.Test;

class StandardErrorsTest {
    static Message error(String name, String text) {
        var b = Message.builder(MessageType.ERROR).errorName(name).replySerial(7);
        return (text == null ? b : b.body("s", text)).build();
    }

    @Test
    void everyStandardNameBecomesItsOwnClassCarryingNameTextAndReply() {
        assertThat(StandardErrors.names()).hasSizeGreaterThanOrEqualTo(48);
        for (String name : StandardErrors.names()) {
            Message reply = error(name, "why");
            DBusErrorException e = DBusErrorException.of(reply);
            assertThat(e.getClass()).isNotEqualTo(DBusErrorException.class);
            assertThat(e.getClass().getPackageName()).isEqualTo("io.jitney.errors");
            assertThat(e.errorName()).isEqualTo(name);
            assertThat(e.errorText()).isEqualTo("why");
            assertThat(e.reply()).isSameAs(reply);
            assertThat(e.getMessage()).isEqualTo(name + ": why");
        }
    }

    @Test
    void theNamesTheIssueListsAreAmongThem() {
        assertThat(DBusErrorException.of(error("org.freedesktop.DBus.Error.ServiceUnknown", null)))
                .isInstanceOf(ServiceUnknownException.class);
        for (var e : List.of("UnknownMethod", "UnknownObject", "UnknownInterface", "UnknownProperty",
                "PropertyReadOnly", "InvalidArgs", "AccessDenied", "NoReply", "Timeout", "NameHasNoOwner",
                "LimitsExceeded", "NotSupported", "Failed", "NoMemory", "MatchRuleInvalid",
                "InteractiveAuthorizationRequired", "Spawn.ChildExited")) {
            assertThat(StandardErrors.isStandard(StandardErrors.PREFIX + e)).as(e).isTrue();
        }
        assertThat(DBusErrorException.of(error(TimeoutErrorException.NAME, "slow")))
                .isInstanceOf(TimeoutErrorException.class).hasMessage("org.freedesktop.DBus.Error.Timeout: slow");
        assertThat(DBusErrorException.of(error(SpawnChildExitedException.NAME, null)).errorText()).isNull();
    }

    @Test
    void otherNamesStayPlainDBusErrorExceptions() {
        DBusErrorException e = DBusErrorException.of(error("org.example.Error.Custom", "no"));
        assertThat(e.getClass()).isEqualTo(DBusErrorException.class);
        assertThat(e.errorName()).isEqualTo("org.example.Error.Custom");
        assertThat(StandardErrors.create("org.freedesktop.DBus.Error.NoSuchThing", null, null)).isNull();
    }
}
