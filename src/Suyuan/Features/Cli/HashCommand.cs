using System.CommandLine;
using Suyuan.Core.Epcis;

namespace Suyuan.Features.Cli;

/// <summary><c>suyuan hash &lt;file|-&gt;</c>: the CBV 2.0 canonical event hash of each event, in document order.</summary>
internal static class HashCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "EPCIS 2.0 JSON or JSON-LD document (or single event), or '-' for standard input" };
        var preHash = new Option<bool>("--prehash") { Description = "Also print each event's canonical pre-hash string (on the line before its hash)" };
        var command = new Command("hash", "Print the CBV 2.0 canonical event hash (ni:///sha-256;…?ver=CBV2.0) of each event, one per line") { file, preHash };
        command.SetAction((parse, ct) => CliRun.GuardAsync(async () =>
        {
            var bytes = await DocumentInput.ReadAsync(parse.GetValue(file)!, ct);
            try
            {
                using var doc = DocumentInput.Parse(bytes);
                var root = doc.RootElement;
                if (parse.GetValue(preHash))
                {
                    var context = EpcisContext.FromDocument(root);
                    foreach (var evt in EpcisEvents.Enumerate(root))
                    {
                        var eventContext = evt.TryGetProperty("@context", out _) ? EpcisContext.FromDocument(evt) : context;
                        Console.Out.WriteLine(EventHash.PreHash(evt, eventContext));
                        Console.Out.WriteLine(EventHash.Compute(evt, eventContext));
                    }
                }
                else
                {
                    foreach (var hash in EventHash.ComputeAll(root))
                    {
                        Console.Out.WriteLine(hash);
                    }
                }
                return 0;
            }
            catch (EpcisFormatException e)
            {
                Console.Error.WriteLine($"error: {(e.Pointer.Length == 0 ? "/" : e.Pointer)} {e.Message}");
                return 1;
            }
        }));
        return command;
    }
}
