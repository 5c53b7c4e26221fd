package earforge.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import earforge.EarforgeException;
import org.junit.jupiter.api.Test;

/** Messages quote user input (names, keys): whatever it holds, an EarforgeException message stays one printable line. */
class OneLineMessageTest {
    @Test
    void controlCharactersAndLineSeparatorsAreEscaped() {
        String m = new EarforgeException("tensor 'a\nb\rc\td\u0000e\u2028f\u0085g' is bad").getMessage();
        assertThat(m).isEqualTo("tensor 'a\\nb\\rc\\td\\u0000e\\u2028f\\u0085g' is bad");
        assertThat(EarforgeException.of("%s: x", "plain").getMessage()).isEqualTo("plain: x");
    }

    @Test
    void longMessagesAreCut() {
        String m = new EarforgeException("y".repeat(EarforgeException.MAX_MESSAGE + 500)).getMessage();
        assertThat(m).hasSize(EarforgeException.MAX_MESSAGE + "... (500 more characters)".length()).endsWith("... (500 more characters)");
    }
}
