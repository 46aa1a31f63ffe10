package dev.wharf.transport.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import org.junit.jupiter.api.Test;

class RemotingCommandTest {

    @Test
    void responseCopiesOpaqueAndEncodingAndSetsTheFlag() {
        RemotingCommand request = RemotingCommand.request(RequestCode.HEART_BEAT)
                .opaque(5)
                .serializeType(SerializeType.ROCKETMQ)
                .build();

        RemotingCommand response = RemotingCommand.responseTo(request, ResponseCode.SUCCESS).build();

        assertThat(response.opaque()).isEqualTo(5);
        assertThat(response.isResponse()).isTrue();
        assertThat(response.isOneway()).isFalse();
        assertThat(response.serializeType()).isEqualTo(SerializeType.ROCKETMQ);
    }

    @Test
    void extFieldsAreStringsNullsDroppedAndUnmodifiable() {
        RemotingCommand command = RemotingCommand.request(RequestCode.PULL_MESSAGE)
                .extField("queueId", 3)
                .extField("subscription", null)
                .build();

        assertThat(command.extFields()).containsExactlyEntriesOf(java.util.Map.of("queueId", "3"));
        assertThatThrownBy(() -> command.extFields().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void onewayAndBodyDefaults() {
        RemotingCommand command = RemotingCommand.request(RequestCode.UPDATE_CONSUMER_OFFSET).oneway().build();

        assertThat(command.isOneway()).isTrue();
        assertThat(command.body()).isEmpty();
    }

    @Test
    void withOpaqueChangesOnlyTheOpaque() {
        RemotingCommand command = RemotingCommand.request(RequestCode.SEND_MESSAGE_V2)
                .opaque(1)
                .extField("b", "orders")
                .body(new byte[] {1, 2})
                .build();

        RemotingCommand moved = command.withOpaque(2);

        assertThat(moved.opaque()).isEqualTo(2);
        assertThat(moved.extFields()).isEqualTo(command.extFields());
        assertThat(moved.body()).isSameAs(command.body());
        assertThat(command.withOpaque(1)).isSameAs(command);
    }

    @Test
    void aBuiltCommandsFieldsDoNotChangeWithItsBuilderOrACopysBuilder() {
        RemotingCommand.Builder builder = RemotingCommand.request(RequestCode.SEND_MESSAGE_V2).extField("a", "1");
        RemotingCommand first = builder.build();
        builder.extField("a", "changed").extField("b", "2");
        RemotingCommand second = builder.build();

        RemotingCommand.Builder copy = first.toBuilder().extField("a", null).extField("c", "3");
        RemotingCommand derived = copy.build();
        copy.extField("c", "changed");

        assertThat(first.extFields()).containsExactly(entry("a", "1"));
        assertThat(second.extFields()).containsOnly(entry("a", "changed"), entry("b", "2"));
        assertThat(derived.extFields()).containsExactly(entry("c", "3"));
        assertThat(copy.build().extFields()).containsExactly(entry("c", "changed"));
        assertThat(first.toBuilder().build().extFields()).isEqualTo(first.extFields());
        assertThat(RemotingCommand.request(RequestCode.HEART_BEAT).extField("x", null).build().extFields()).isEmpty();
    }

    @Test
    void namesCodesForLogs() {
        assertThat(RequestCode.nameOf(RequestCode.POP_MESSAGE)).isEqualTo("POP_MESSAGE");
        assertThat(ResponseCode.nameOf(17)).isEqualTo("TOPIC_NOT_EXIST");
        assertThat(RequestCode.nameOf(123456)).isEqualTo("123456");
    }

    @Test
    void languageAndSerializeTypeMapFromTheWire() {
        assertThat(LanguageCode.fromCode((byte) 9)).isEqualTo(LanguageCode.GO);
        assertThat(LanguageCode.fromCode((byte) 99)).isEqualTo(LanguageCode.OTHER);
        assertThat(LanguageCode.fromName("NODE_JS")).isEqualTo(LanguageCode.NODE_JS);
        assertThat(SerializeType.fromCode((byte) 1)).isEqualTo(SerializeType.ROCKETMQ);
        assertThatThrownBy(() -> SerializeType.fromCode((byte) 2)).isInstanceOf(IllegalArgumentException.class);
    }
}
