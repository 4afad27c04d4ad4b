package io.nnpipe.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Reads a config file's bytes and turns them into checked text before any YAML parsing: at most
 * {@link YamlLoader#MAX_FILE_BYTES} bytes are ever read (so {@code /dev/zero} or a huge file cannot
 * exhaust memory), the bytes must be UTF-8 (a leading byte-order mark is dropped), and only the
 * characters YAML allows in a document may appear. Every refusal names the file and, where it has
 * one, the line and column.
 */
final class ConfigText {
    private ConfigText() {
    }

    /** The file's bytes, read with a hard upper bound. */
    static byte[] read(Path file) {
        String source = file.toString();
        if (Files.isDirectory(file)) {
            throw new ConfigException(Mark.of(source), null, "this is a folder, not a config file");
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes((int) YamlLoader.MAX_FILE_BYTES + 1);
            if (bytes.length > YamlLoader.MAX_FILE_BYTES) {
                throw new ConfigException(Mark.of(source), null, "the file is larger than "
                        + YamlLoader.MAX_FILE_BYTES + " bytes, the most a config may be (put data in data files)");
            }
            return bytes;
        } catch (NoSuchFileException e) {
            throw new ConfigException(Mark.of(source), null, "no such file" + LocalePaths.hint(file.toAbsolutePath().toString()));
        } catch (AccessDeniedException e) {
            throw new ConfigException(Mark.of(source), null, "cannot read the file: permission denied");
        } catch (IOException e) {
            throw new ConfigException(Mark.of(source), null, "cannot read the file: " + e.getMessage());
        }
    }

    /** The bytes as UTF-8 text, or a problem at the first byte that is not UTF-8. */
    static String decode(String source, byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length); // UTF-8 never gives more chars than bytes
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        CoderResult r = decoder.decode(in, out, true);
        if (!r.isError()) {
            r = decoder.flush(out);
        }
        if (!r.isError()) {
            return out.flip().toString();
        }
        int bad = in.position();
        int line = 1;
        int col = 1;
        for (int i = 0; i < bad; i++) {
            if (bytes[i] == '\n') {
                line++;
                col = 1;
            } else if ((bytes[i] & 0xC0) != 0x80) {
                col++;
            }
        }
        boolean utf16 = bytes.length >= 2 && ((bytes[0] & 0xFF) == 0xFF && (bytes[1] & 0xFF) == 0xFE
                || (bytes[0] & 0xFF) == 0xFE && (bytes[1] & 0xFF) == 0xFF);
        throw new ConfigException(new Mark(source, line, col), null, String.format(Locale.ROOT,
                "the file is not valid UTF-8: byte 0x%02X at offset %d%s", bytes[bad] & 0xFF, bad,
                utf16 ? " (it looks like UTF-16; save it as UTF-8)" : " (save the file as UTF-8)"));
    }

    /**
     * The text without a leading byte-order mark, after checking that every character is one YAML
     * allows (tab, line breaks and printable characters) and that no line is longer than
     * {@link YamlLoader#MAX_LINE_CHARS}; control characters such as NUL are refused at their line
     * and column, an overlong line where it passes the limit.
     */
    static String check(String source, String text) {
        String t = text.startsWith("\uFEFF") ? text.substring(1) : text;
        int line = 1;
        int col = 1;
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c == '\n') {
                line++;
                col = 1;
                continue;
            }
            if (!printable(c) && !Character.isSurrogate(c)) {
                throw new ConfigException(new Mark(source, line, col), null, String.format(Locale.ROOT,
                        "the control character U+%04X is not allowed in a config (is this a text file?)", (int) c));
            }
            if (col > YamlLoader.MAX_LINE_CHARS) {
                throw new ConfigException(new Mark(source, line, col), null, "this line is longer than "
                        + YamlLoader.MAX_LINE_CHARS + " characters, the most a config line may be (break it into"
                        + " several lines; put data in data files)");
            }
            col++;
        }
        return t;
    }

    /** YAML 1.1's printable set, as SnakeYAML applies it, less surrogates (checked by decoding). */
    private static boolean printable(char c) {
        return c == '\t' || c == '\r' || c >= 0x20 && c <= 0x7E || c == 0x85 || c >= 0xA0 && c <= 0xD7FF
                || c >= 0xE000 && c <= 0xFFFD;
    }

}
