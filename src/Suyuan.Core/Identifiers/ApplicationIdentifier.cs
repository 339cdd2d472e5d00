namespace Suyuan.Core.Identifiers;

/// <summary>Character set of an AI component: N digits, X GS1 CSET 82, Y GS1 CSET 39, Z base64url (CSET 64).</summary>
public enum AiCharacterSet
{
    N,
    X,
    Y,
    Z,
}

/// <summary>One component of an AI's data field, e.g. "N13,csum" or "[X..17]".</summary>
public sealed record AiComponent(AiCharacterSet CharacterSet, int MinLength, int MaxLength, bool Optional, IReadOnlyList<string> Linters)
{
    public bool IsFixedLength => MinLength == MaxLength;
}

/// <summary>An AI that must accompany another: all AIs (or "nn" patterns) of one alternative must be present.</summary>
public sealed record AiRequisite(IReadOnlyList<IReadOnlyList<string>> Alternatives);

/// <summary>One Application Identifier from the GS1 Barcode Syntax Dictionary.</summary>
public sealed record ApplicationIdentifier(
    string Ai,
    string Title,
    bool FixedLengthPredefined,
    bool DigitalLinkDataAttribute,
    IReadOnlyList<AiComponent> Components,
    IReadOnlyList<AiRequisite> Requisites,
    IReadOnlyList<string> Exclusions,
    IReadOnlyList<IReadOnlyList<string>>? DigitalLinkQualifierSequences)
{
    /// <summary>True when this AI can be the primary key of a Digital Link path (attribute "dlpkey").</summary>
    public bool IsDigitalLinkPrimaryKey => DigitalLinkQualifierSequences is not null;

    /// <summary>An FNC1 separator must follow this AI's value when another AI comes after it.</summary>
    public bool RequiresFnc1 => !FixedLengthPredefined;

    public int MinLength => Components.Where(c => !c.Optional).Sum(c => c.MinLength);

    public int MaxLength => Components.Sum(c => c.MaxLength);
}
