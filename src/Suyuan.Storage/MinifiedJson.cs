using System.Buffers;
using System.Text.Json;
using Suyuan.Storage.Indexing;

namespace Suyuan.Storage;

/// <summary>
/// Writes one JSON value at a time (an event) as the store minifies it (no whitespace, relaxed escaping), into a
/// buffer and writer kept per thread: a writer of its own grows a fresh buffer several times for every event.
/// <see cref="Begin"/> and one of the <c>End</c> methods bracket the writing, on one thread with no await between them;
/// one value at a time per thread.
/// </summary>
public static class MinifiedJson
{
    // A buffer that grew for an unusually large value is not kept.
    private const int KeptCapacity = 1 << 20;

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    /// <summary>This thread's writer, emptied.</summary>
    public static Utf8JsonWriter Begin()
    {
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(8192);
        var writer = t_writer ??= new Utf8JsonWriter(buffer, EventIndexer.MinifiedWriter);
        buffer.ResetWrittenCount();
        writer.Reset(buffer);
        return writer;
    }

    /// <summary>The bytes written since <see cref="Begin"/>.</summary>
    public static byte[] EndToArray(Utf8JsonWriter writer)
    {
        writer.Flush();
        var bytes = t_buffer!.WrittenSpan.ToArray();
        Release();
        return bytes;
    }

    /// <summary>What was written since <see cref="Begin"/>, parsed: an element with its own copy of the bytes.</summary>
    public static JsonElement EndToElement(Utf8JsonWriter writer)
    {
        writer.Flush();
        JsonElement element;
        using (var doc = JsonDocument.Parse(t_buffer!.WrittenMemory))
        {
            element = doc.RootElement.Clone();
        }
        Release();
        return element;
    }

    private static void Release()
    {
        if (t_buffer!.Capacity > KeptCapacity)
        {
            t_buffer = null;
            t_writer = null;
        }
    }
}
