package dev.idaudit.rules;

import dev.idaudit.util.BadInputException;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads the rules' text files (rules, rule tests, frameworks, waivers, findings) as UTF-8, with errors that name the file. */
final class TextFiles {
    private TextFiles() {}

    /** The file's text; {@code shownAs} names it in errors, {@code what} says what it should have been. */
    static String read(Path file, String shownAs, String what) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            throw new BadInputException(shownAs + ": not UTF-8 text; a " + what + " must be saved as UTF-8", e);
        } catch (IOException e) {
            throw new BadInputException(shownAs + ": cannot read " + what + ": " + e.getMessage(), e);
        }
    }
}
