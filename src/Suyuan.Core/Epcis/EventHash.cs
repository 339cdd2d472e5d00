using System.Text.Json;

namespace Suyuan.Core.Epcis;

/// <summary>The CBV 2.0 canonical event hash ("event hash ID").</summary>
public static class EventHash
{
    /// <summary>The canonical pre-hash string of one event.</summary>
    public static string PreHash(JsonElement evt, EpcisContext context) => throw new NotImplementedException();

    /// <summary><c>ni:///sha-256;{hex}?ver=CBV2.0</c> of one event.</summary>
    public static string Compute(JsonElement evt, EpcisContext context) => throw new NotImplementedException();

    /// <summary>One hash per event, in document order, for an EPCISDocument, an EPCISQueryDocument or a single event.</summary>
    public static IReadOnlyList<string> ComputeAll(JsonElement document) => throw new NotImplementedException();
}
