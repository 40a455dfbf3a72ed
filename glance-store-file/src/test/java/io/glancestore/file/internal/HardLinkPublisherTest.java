package io.glancestore.file.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.glancestore.exception.DuplicateException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Publishing by hard link: never over an existing image, and tolerant of NFS retransmits. */
class HardLinkPublisherTest {

    @TempDir
    Path dir;

    @Test
    void publishesUnderTheImageNameAndKeepsTheTemporaryName() throws Exception {
        Path temp = Files.writeString(dir.resolve(".img.glance-tmp-1"), "new");
        HardLinkPublisher.publish(temp, dir.resolve("img"));
        assertThat(dir.resolve("img")).hasContent("new");
        assertThat(Files.getAttribute(temp, "unix:nlink")).isEqualTo(2);
    }

    @Test
    void anExistingImageIsNeverReplaced() throws Exception {
        Path temp = Files.writeString(dir.resolve(".img.glance-tmp-1"), "new");
        Files.writeString(dir.resolve("img"), "old");
        assertThatThrownBy(() -> HardLinkPublisher.publish(temp, dir.resolve("img")))
                .isInstanceOf(DuplicateException.class);
        assertThat(dir.resolve("img")).hasContent("old");
    }

    @Test
    void eexistForALinkThatIsAlreadyOursIsSuccess() throws Exception {
        // What an NFS client reports when its LINK was executed but the reply was lost and the
        // retransmitted request found the name taken: by our own link.
        Path temp = Files.writeString(dir.resolve(".img.glance-tmp-1"), "new");
        Files.createLink(dir.resolve("img"), temp);
        HardLinkPublisher.publish(temp, dir.resolve("img"));
        assertThat(dir.resolve("img")).hasContent("new");
    }
}
