package org.sansim.tools.preset;

import java.util.Optional;

/**
 * Where a preset value comes from: the tag that opens the comment above every entry of a preset
 * file ({@code # [S] ...}). An architect reads it as "how far can I trust this number".
 */
public enum SourceTag
{
    /** A published measurement or vendor figure, named with its section of the performance reference. */
    S("published measurement or vendor figure"),
    /** A specification's value, or arithmetic on one or on [S] figures, with the arithmetic shown. */
    D("derived from a specification or from published figures"),
    /** An assumption: nothing published supports the value; the comment says what it rests on. */
    A("assumption"),
    /** A fault-injection or experiment knob, not a property of the hardware; off by default. */
    F("fault or experiment knob, off by default");

    private final String meaning;

    SourceTag(final String meaning)
    {
        this.meaning = meaning;
    }

    /** @return what the tag says about a value, in a few words */
    public String meaning()
    {
        return meaning;
    }

    /** @return the tag as written in a preset file, such as {@code [S]} */
    public String text()
    {
        return "[" + name() + "]";
    }

    /**
     * @param letter the text between the brackets of a tag
     * @return the tag it names, or empty if it is none of the four
     */
    public static Optional<SourceTag> of(final String letter)
    {
        for (final SourceTag t : values())
        {
            if (t.name().equals(letter))
            {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
