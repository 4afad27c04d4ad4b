package io.nnpipe.config;

import java.io.StringReader;
import java.util.HashSet;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.CollectionEndEvent;
import org.yaml.snakeyaml.events.CollectionStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.ScalarEvent;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;

/**
 * Turns SnakeYAML's errors into the project's own: a position (SnakeYAML's problem mark, or one
 * found by re-reading the event stream when SnakeYAML gives none) and a message that says what is
 * wrong in the user's terms — a tab used for indentation, a second document, a refused tag —
 * keeping SnakeYAML's wording only where it is already plain.
 */
final class YamlErrors {
    private YamlErrors() {
    }

    /** The problem for a syntax error SnakeYAML reported with a position. */
    static ConfigException marked(String source, MarkedYAMLException e) {
        org.yaml.snakeyaml.error.Mark m = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
        Mark mark = m == null ? Mark.of(source) : new Mark(source, m.getLine() + 1, m.getColumn() + 1);
        String problem = e.getProblem() != null ? e.getProblem() : e.getMessage();
        if (problem != null && problem.contains("(TAB)") && m != null && !indentation(m)) {
            return new ConfigException(mark, null, "a tab character here; this YAML reader takes tabs only inside"
                    + " quoted text and comments, not between values (replace it with a space)");
        }
        return new ConfigException(mark, null, explain(problem, e.getContext()));
    }

    /** Whether only spaces and tabs precede the mark on its line (a tab there indents). */
    private static boolean indentation(org.yaml.snakeyaml.error.Mark m) {
        int[] buffer = m.getBuffer();
        for (int i = m.getPointer() - 1; i >= 0 && i < buffer.length && buffer[i] != '\n'; i--) {
            if (buffer[i] != ' ' && buffer[i] != '\t') {
                return false;
            }
        }
        return true;
    }

    /** The problem for an error SnakeYAML reported without a position (a limit); located here. */
    static ConfigException unmarked(String source, String text, YAMLException e) {
        String msg = String.valueOf(e.getMessage());
        if (msg.startsWith("Nesting Depth exceeded")) {
            Mark at = locate(source, text, YamlLoader.MAX_DEPTH, Integer.MAX_VALUE);
            return new ConfigException(at, null, "lists and mappings are nested more than " + YamlLoader.MAX_DEPTH
                    + " deep here; no config needs that many levels");
        }
        if (msg.startsWith("Number of aliases")) {
            Mark at = locate(source, text, Integer.MAX_VALUE, YamlLoader.MAX_COLLECTION_ALIASES);
            return new ConfigException(at, null, "more than " + YamlLoader.MAX_COLLECTION_ALIASES
                    + " aliases to lists or mappings; that many is refused (it is how 'billion laughs' files explode)");
        }
        if (msg.contains("exceeds the limit")) {
            return new ConfigException(Mark.of(source), null, "the text is longer than " + YamlLoader.MAX_FILE_BYTES
                    + " characters, the most a config may be");
        }
        return new ConfigException(Mark.of(source), null, "cannot read the YAML: " + msg);
    }

    /**
     * The problem for a tag SnakeYAML's composer could not even represent (it throws
     * {@code IllegalArgumentException}, e.g. for {@code !%a}, whose decoded text is not a valid
     * tag; found by ConfigFuzzTest): located at the first node whose tag is refused, or the file.
     */
    static ConfigException invalidTag(String source, String text, IllegalArgumentException e) {
        try {
            ParserImpl parser = new ParserImpl(new StreamReader(new StringReader(text)), new LoaderOptions());
            while (parser.peekEvent() != null) {
                Event ev = parser.getEvent();
                String tag = ev instanceof ScalarEvent s ? s.getTag() : ev instanceof CollectionStartEvent c ? c.getTag()
                        : null;
                if (tag != null && !valid(tag)) {
                    return new ConfigException(mark(source, ev), null, "the tag " + Messages.clip(tag)
                            + " is not allowed (nor valid: " + e.getMessage() + "); " + YamlLoader.PLAIN_DATA);
                }
                if (ev.is(Event.ID.StreamEnd)) {
                    break;
                }
            }
        } catch (YAMLException ignored) {
            // a later syntax error: report the tag without a position
        }
        return new ConfigException(Mark.of(source), null, "an invalid YAML tag (" + e.getMessage() + "); "
                + YamlLoader.PLAIN_DATA);
    }

    private static boolean valid(String tag) {
        try {
            new org.yaml.snakeyaml.nodes.Tag(tag);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String explain(String problem, String context) {
        String p = problem.strip();
        if (p.startsWith("Global tag is not allowed: ")) {
            return "the tag " + shortTag(p.substring("Global tag is not allowed: ".length())) + " is not allowed; "
                    + YamlLoader.PLAIN_DATA;
        }
        if (p.contains("(TAB)")) {
            return "a tab character here; YAML indents with spaces only (replace the tab with spaces)";
        }
        if (p.startsWith("but found another document") || p.startsWith("expected a single document")) {
            return "a second YAML document starts here; a config is one document (remove the '---' line"
                    + " and what follows, or put it in its own file)";
        }
        if (p.startsWith("found undefined alias")) {
            return "the alias *" + p.substring("found undefined alias".length()).strip()
                    + " refers to no anchor (&name) defined before it";
        }
        if (p.startsWith("mapping values are not allowed here")) {
            return "invalid YAML: a ':' here would start a mapping where none may begin (check the indentation of"
                    + " this line; a text containing ': ' needs quotes)";
        }
        if (p.startsWith("could not find expected ':'")) {
            return "invalid YAML: expected 'key: value' (is a ':' missing, or the indentation off?)";
        }
        String c = context == null ? "" : context.strip();
        return "invalid YAML: " + (c.isEmpty() ? "" : c + ": ") + p;
    }

    /** {@code tag:yaml.org,2002:java.io.File} as written: {@code !!java.io.File}. */
    static String shortTag(String tag) {
        return tag.startsWith("tag:yaml.org,2002:") ? "!!" + tag.substring("tag:yaml.org,2002:".length()) : tag;
    }

    /**
     * The position where the event stream first nests deeper than {@code maxDepth}, or uses more
     * than {@code maxAliases} aliases to anchored collections; the file itself if neither is found.
     * The parser keeps its own stack (no recursion), so this is safe on any depth.
     */
    private static Mark locate(String source, String text, int maxDepth, int maxAliases) {
        Set<String> collectionAnchors = new HashSet<>();
        int depth = 0;
        int aliases = 0;
        try {
            ParserImpl parser = new ParserImpl(new StreamReader(new StringReader(text)), new LoaderOptions());
            while (parser.peekEvent() != null) {
                Event e = parser.getEvent();
                if (e instanceof CollectionStartEvent c) {
                    if (c.getAnchor() != null) {
                        collectionAnchors.add(c.getAnchor());
                    }
                    if (++depth > maxDepth) {
                        return mark(source, e);
                    }
                } else if (e instanceof CollectionEndEvent) {
                    depth--;
                } else if (e instanceof AliasEvent a && collectionAnchors.contains(a.getAnchor())
                        && ++aliases > maxAliases) {
                    return mark(source, e);
                } else if (e.is(Event.ID.StreamEnd)) {
                    break;
                }
            }
        } catch (YAMLException ignored) {
            // a later syntax error: the limit was hit first, so report it without a position
        }
        return Mark.of(source);
    }

    private static Mark mark(String source, Event e) {
        org.yaml.snakeyaml.error.Mark m = e.getStartMark();
        return m == null ? Mark.of(source) : new Mark(source, m.getLine() + 1, m.getColumn() + 1);
    }
}
