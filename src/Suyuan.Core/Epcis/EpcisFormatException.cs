namespace Suyuan.Core.Epcis;

/// <summary>A document that cannot be read as EPCIS 2.0 JSON; <see cref="Pointer"/> is the JSON pointer of the offending field.</summary>
public sealed class EpcisFormatException(string pointer, string message) : Exception(message)
{
    public string Pointer { get; } = pointer;
}
