package io.nnpipe.output;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Escaping text for the report. */
class HtmlTest {

    @Test
    void markupIsEscapedAndControlCharactersReplaced() {
        assertEquals("&lt;b&gt;&amp;&quot;&#39;", Html.escape("<b>&\"'"));
        // a description "a\u0000b" put a NUL byte into report.html (QA, second pass)
        assertEquals("a\uFFFDb\uFFFDc\td\ne\r\uFFFDé🎉", Html.escape("a\u0000b\u0007c\td\ne\r\u007fé🎉"));
    }
}
