package io.veloce.examples.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** One node's rooms: presence counts connections, and the number of rooms is bounded. */
class LocalChatRoomsTest {

    private static ChatEvent.Message message(String text) {
        return ChatEvent.Message.of("Ada", text, "2026-11-25T10:00:00Z");
    }

    @Test
    void aNicknameJoinsWithItsFirstConnectionAndLeavesWithItsLast() {
        LocalChatRooms rooms = new LocalChatRooms();
        assertThat(rooms.enter("lobby", "Ada")).isTrue();
        assertThat(rooms.enter("lobby", "Ada")).isFalse(); // a second tab
        assertThat(rooms.present("lobby")).containsExactly("Ada");
        assertThat(rooms.leave("lobby", "Ada")).isFalse();
        assertThat(rooms.leave("lobby", "Ada")).isTrue();
        assertThat(rooms.leave("lobby", "Ada")).isFalse(); // not there any more: nothing to announce
        assertThat(rooms.present("lobby")).isEmpty();
    }

    @Test
    void aRoomKeepsItsLastFiftyMessages() {
        LocalChatRooms rooms = new LocalChatRooms();
        rooms.enter("lobby", "Ada");
        for (int i = 1; i <= 55; i++) {
            rooms.remember("lobby", message("m" + i));
        }
        assertThat(rooms.history("lobby")).hasSize(ChatRooms.HISTORY)
                .extracting(ChatEvent.Message::text).startsWith("m6").endsWith("m55");
    }

    @Test
    void whenFullANewRoomReplacesTheLeastRecentlyUsedEmptyOneOrIsRefused() {
        LocalChatRooms rooms = new LocalChatRooms(2);
        rooms.enter("one", "Ada");
        rooms.remember("one", message("in one"));
        rooms.enter("two", "Bob");

        assertThatThrownBy(() -> rooms.enter("three", "Cy")).isInstanceOf(ChatRooms.TooManyRooms.class)
                .hasMessageContaining("limit of 2 open rooms");
        assertThat(rooms.present("three")).isEmpty();

        rooms.leave("one", "Ada");
        assertThat(rooms.enter("three", "Cy")).isTrue();
        assertThat(rooms.history("one")).isEmpty(); // forgotten to make room
        assertThat(rooms.present("two")).containsExactly("Bob");
    }
}
