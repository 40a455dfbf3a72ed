package io.glancestore.location;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PercentCodecTest {

    @Test
    void quotesAsPython() {
        // urllib.parse.quote('a b/c:d@e+f~g_h.i-j%k\u00e9', '')
        assertThat(PercentCodec.quote("a b/c:d@e+f~g_h.i-j%k\u00e9", ""))
                .isEqualTo("a%20b%2Fc%3Ad%40e%2Bf~g_h.i-j%25k%C3%A9");
        // urllib.parse.quote_plus('ds 1/x+y')
        assertThat(PercentCodec.quotePlus("ds 1/x+y")).isEqualTo("ds+1%2Fx%2By");
        assertThat(PercentCodec.quote("a/b c", "/")).isEqualTo("a/b%20c");
    }

    @Test
    void unquotes() {
        assertThat(PercentCodec.unquote("a%2fb%2Bc+d%C3%A9", false)).isEqualTo("a/b+c+d\u00e9");
        assertThat(PercentCodec.unquote("a%2fb%2Bc+d%C3%A9", true)).isEqualTo("a/b+c d\u00e9");
        assertThat(PercentCodec.unquote("\u00e9+", false)).isEqualTo("\u00e9+");
    }

    @ParameterizedTest
    @ValueSource(strings = {"%", "%4", "a%zz", "%G0", "%\u0661\u0661", "%FF", "%C3", "%C3%28"})
    void refusesMalformedEscapesAndUtf8WithoutEchoingThem(String s) {
        assertThatThrownBy(() -> PercentCodec.unquote(s, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining(s);
    }
}
