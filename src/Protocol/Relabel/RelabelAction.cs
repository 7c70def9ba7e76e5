namespace Scraper.Protocol.Relabel;

/// <summary>The relabel actions of Prometheus; the YAML spelling is the lower-case name.</summary>
public enum RelabelAction
{
    /// <summary>Write the expanded replacement into target_label when the regex matches.</summary>
    Replace,

    /// <summary>Drop the set unless the regex matches the joined source values.</summary>
    Keep,

    /// <summary>Drop the set when the regex matches the joined source values.</summary>
    Drop,

    /// <summary>Drop the set unless the joined source values equal the target_label's value.</summary>
    KeepEqual,

    /// <summary>Drop the set when the joined source values equal the target_label's value.</summary>
    DropEqual,

    /// <summary>Write md5(joined source values) mod modulus into target_label.</summary>
    HashMod,

    /// <summary>Copy labels whose name matches the regex to the expanded replacement name.</summary>
    LabelMap,

    /// <summary>Remove labels whose name matches the regex.</summary>
    LabelDrop,

    /// <summary>Remove labels whose name does not match the regex.</summary>
    LabelKeep,

    /// <summary>Write the lower-cased joined source values into target_label.</summary>
    Lowercase,

    /// <summary>Write the upper-cased joined source values into target_label.</summary>
    Uppercase,
}
