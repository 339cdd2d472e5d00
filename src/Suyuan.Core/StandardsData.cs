using System.Reflection;

namespace Suyuan.Core;

/// <summary>Published standards data (GS1 AI dictionary, EPCIS schema and contexts) embedded at build time from the corpus.</summary>
public static class StandardsData
{
    public const string SyntaxDictionary = "gs1-syntax-dictionary.txt";
    public const string EpcisJsonSchema = "epcis-json-schema.json";
    public const string EpcisQuerySchema = "query-schema.json";
    public const string EpcisContext = "epcis-context.jsonld";
    public const string EpcisContextSimple = "epcis-context-simple.jsonld";

    public static Stream Open(string name) =>
        typeof(StandardsData).Assembly.GetManifestResourceStream(name)
        ?? throw new InvalidOperationException($"Embedded standards resource '{name}' is missing; rebuild with the GS1 corpus beside the checkout.");

    public static string ReadText(string name)
    {
        using var reader = new StreamReader(Open(name));
        return reader.ReadToEnd();
    }
}
