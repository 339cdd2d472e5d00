using System.Text;
using System.Text.Json;

namespace Suyuan.Core.Epcis.Json;

/// <summary>Finds the JSON pointer at which a text stops being valid JSON (a cold path, run only after a parse failed).</summary>
internal static class JsonSyntaxLocator
{
    private sealed class Frame(bool isArray)
    {
        public bool IsArray { get; } = isArray;
        public int Next { get; set; }
        public string? Name { get; set; }
        public bool ChildOpen { get; set; }
    }

    public static EpcisFormatException Explain(Exception error, ReadOnlySpan<byte> utf8, string basePointer, int baseDepth = 0, bool isFinalBlock = true)
    {
        var pointer = Locate(utf8, basePointer, baseDepth, isFinalBlock);
        var reason = error is JsonException { Message: var message } && message.Contains("maximum configured depth", StringComparison.Ordinal)
            ? $"nested deeper than {EpcisJson.MaxDepth} levels"
            : "not valid JSON";
        return new EpcisFormatException(pointer, $"{reason}: {error.Message}");
    }

    // Once a member's value is complete, an error after it belongs to the container, not to that member.
    private static void ValueDone(Frame frame)
    {
        frame.ChildOpen = false;
        if (!frame.IsArray)
        {
            frame.Name = null;
        }
    }

    private static string Locate(ReadOnlySpan<byte> utf8, string basePointer, int baseDepth, bool isFinalBlock)
    {
        var stack = new List<Frame>();
        var options = new JsonReaderOptions { MaxDepth = Math.Max(1, EpcisJson.MaxDepth - baseDepth) };
        var reader = new Utf8JsonReader(utf8, isFinalBlock, new JsonReaderState(options));
        try
        {
            while (reader.Read())
            {
                var top = stack.Count > 0 ? stack[^1] : null;
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        top!.Name = reader.GetString();
                        break;
                    case JsonTokenType.StartObject or JsonTokenType.StartArray:
                        if (top is not null)
                        {
                            top.ChildOpen = true;
                            if (top.IsArray)
                            {
                                top.Next++;
                            }
                        }
                        stack.Add(new Frame(reader.TokenType == JsonTokenType.StartArray));
                        break;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        stack.RemoveAt(stack.Count - 1);
                        if (stack.Count > 0)
                        {
                            ValueDone(stack[^1]);
                        }
                        break;
                    default:
                        if (top is { IsArray: true })
                        {
                            top.Next++;
                        }
                        if (top is not null)
                        {
                            ValueDone(top);
                        }
                        break;
                }
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or ArgumentException)
        {
            // The reader stopped where the text went wrong; the stack says where that is.
        }
        var pointer = new StringBuilder(basePointer);
        foreach (var frame in stack)
        {
            if (frame.IsArray)
            {
                pointer.Append('/').Append(frame.ChildOpen ? frame.Next - 1 : frame.Next);
            }
            else if (frame.Name is not null)
            {
                pointer.Append('/').Append(EpcisContext.EscapePointer(frame.Name));
            }
        }
        return pointer.ToString();
    }
}
