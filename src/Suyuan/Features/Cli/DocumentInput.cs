using System.Text.Json;
using Suyuan.Core.Epcis;

namespace Suyuan.Features.Cli;

/// <summary>Reads a JSON document named on the command line (a path, or '-' for standard input) with the limits every verb shares.</summary>
internal static class DocumentInput
{
    /// <summary>Nesting deeper than this is refused before it can exhaust the stack.</summary>
    public const int MaxDepth = 64;

    public static readonly JsonDocumentOptions Options = new() { MaxDepth = MaxDepth, CommentHandling = JsonCommentHandling.Disallow, AllowTrailingCommas = false };

    /// <summary>Opens the input; throws <see cref="UsageException"/> when it cannot be read.</summary>
    public static async Task<byte[]> ReadAsync(string path, CancellationToken ct)
    {
        if (path == "-")
        {
            using var buffer = new MemoryStream();
            await Console.OpenStandardInput().CopyToAsync(buffer, ct);
            return buffer.ToArray();
        }
        if (Directory.Exists(path))
        {
            throw new UsageException($"'{path}' is a directory, not a document");
        }
        try
        {
            return await File.ReadAllBytesAsync(path, ct);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new UsageException($"no such file: '{path}'");
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            throw new UsageException($"cannot read '{path}': {e.Message}");
        }
    }

    /// <summary>Parses JSON, turning every reader failure into an <see cref="EpcisFormatException"/> with a one-line message.</summary>
    public static JsonDocument Parse(byte[] utf8)
    {
        var span = utf8.AsSpan();
        if (span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            span = span[3..];
        }
        try
        {
            return JsonDocument.Parse(utf8.AsMemory(utf8.Length - span.Length), Options);
        }
        catch (JsonException e)
        {
            var where = e.LineNumber is { } line ? $" (line {line + 1}, byte {e.BytePositionInLine + 1})" : "";
            var reason = e.Message.Contains("depth", StringComparison.OrdinalIgnoreCase)
                ? $"nesting deeper than {MaxDepth} levels"
                : FirstSentence(e.Message);
            throw new EpcisFormatException("", $"not valid JSON{where}: {reason}");
        }
    }

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return (cut > 0 ? message[..cut] : message).Trim();
    }
}

/// <summary>A command-line usage error: exit code 2.</summary>
internal sealed class UsageException(string message) : Exception(message);
