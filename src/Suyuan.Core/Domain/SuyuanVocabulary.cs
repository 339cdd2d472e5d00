namespace Suyuan.Core.Domain;

/// <summary>The platform's EPCIS extension vocabulary: the namespace of its fields (sy:certificateNumber...) and its own business steps.</summary>
public static class SuyuanVocabulary
{
    public const string Namespace = "https://suyuan.example.cn/epcis/";

    /// <summary>The prefix documents conventionally bind to <see cref="Namespace"/>.</summary>
    public const string Prefix = "sy";

    /// <summary>The field naming an event's category explicitly (a Categories code).</summary>
    public const string CategoryField = "category";

    /// <summary>Applying a farm input (pesticide, fertilizer) to a field or base: CBV 2.0 has no such step.</summary>
    public const string ApplyingBizStep = Namespace + "bizstep/applying";
}
